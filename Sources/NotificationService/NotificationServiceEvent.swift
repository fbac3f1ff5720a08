import Shared

/// What invokes NotificationService: a `NotificationRequest` to send; SNS delivering SES's
/// bounce and complaint notifications (`Records`); webhook work (`action`); or EventBridge's
/// "Scheduled Event" of the `webhook-retries` rule (`detail-type`).
public enum NotificationServiceEvent: Decodable, Sendable {
    case send(NotificationRequest)
    case feedback(SNSEvent)
    case webhooks(WebhookRequest)
    case scheduled(CloudwatchScheduledEvent)

    enum CodingKeys: String, CodingKey {
        case action
    }

    public init(from decoder: Decoder) throws {
        if try decoder.hasKey("Records") {
            self = .feedback(try SNSEvent(from: decoder))
        } else if try decoder.hasKey("detail-type") {
            self = .scheduled(try CloudwatchScheduledEvent(from: decoder))
        } else if try decoder.hasKey("action") {
            let action = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .action)
            guard WebhookRequest.actions.contains(action) else {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: [CodingKeys.action], debugDescription: "unknown action '\(action.prefix(40))'"))
            }
            self = .webhooks(try WebhookRequest(from: decoder))
        } else {
            self = .send(try NotificationRequest(from: decoder))
        }
    }
}
