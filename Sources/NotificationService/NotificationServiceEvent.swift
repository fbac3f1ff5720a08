import AWSEvents
import Shared

/// What invokes NotificationService: a `NotificationRequest` to send; SNS delivering SES's
/// notifications, or a batch of the contracts' or notifications' stream records (both
/// `Records`, told apart by the records' `eventSource`); work on webhooks, subscriptions or
/// managed templates (`action`); or EventBridge's "Scheduled Event" of the `webhook-retries` rule (`detail-type`).
public enum NotificationServiceEvent: Decodable, Sendable {
    case send(NotificationRequest)
    case feedback(SNSEvent)
    case stream(DynamoDBEvent)
    case webhooks(WebhookCall)
    case subscriptions(SubscriptionRequest)
    case templates(TemplateRequest)
    case scheduled(CloudwatchScheduledEvent)

    enum CodingKeys: String, CodingKey {
        case action
    }

    public init(from decoder: Decoder) throws {
        if try decoder.hasKey("Records") {
            let fromStream = try RecordBatchSource.isDynamoDBStream(decoder)
            self = fromStream ? .stream(try DynamoDBEvent(from: decoder)) : .feedback(try SNSEvent(from: decoder))
        } else if try decoder.hasKey("detail-type") {
            self = .scheduled(try CloudwatchScheduledEvent(from: decoder))
        } else if try decoder.hasKey("action") {
            let action = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .action)
            if WebhookRequest.actions.contains(action) {
                self = .webhooks(try WebhookCall(from: decoder))
            } else if SubscriptionRequest.actions.contains(action) {
                self = .subscriptions(try SubscriptionRequest(from: decoder))
            } else if TemplateRequest.actions.contains(action) {
                self = .templates(try TemplateRequest(from: decoder))
            } else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: [CodingKeys.action],
                        debugDescription: "unknown action '\(action.prefix(40))'"
                    )
                )
            }
        } else {
            self = .send(try NotificationRequest(from: decoder))
        }
    }
}
