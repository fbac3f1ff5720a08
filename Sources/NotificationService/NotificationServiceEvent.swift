import Shared

/// What invokes NotificationService: a `NotificationRequest` to send, or SNS delivering SES's
/// bounce and complaint notifications (`Records`, which no request carries).
public enum NotificationServiceEvent: Decodable, Sendable {
    case send(NotificationRequest)
    case feedback(SNSEvent)

    public init(from decoder: Decoder) throws {
        self = try decoder.hasKey("Records")
            ? .feedback(try SNSEvent(from: decoder))
            : .send(try NotificationRequest(from: decoder))
    }
}
