/// An address on the application's suppression list, as SES's GetSuppressedDestination shows
/// one: why it is there and which message caused it.
public struct Suppression: Codable, Sendable, Hashable {
    /// Lower-cased.
    public var emailAddress: String
    /// `BOUNCE` (a hard bounce) or `COMPLAINT`.
    public var reason: String
    public var lastUpdateTime: String
    public var messageId: String?
    public var feedbackId: String?

    enum CodingKeys: String, CodingKey {
        case emailAddress = "email_address"
        case reason
        case lastUpdateTime = "last_update_time"
        case messageId = "message_id"
        case feedbackId = "feedback_id"
    }

    public init(emailAddress: String, reason: String, lastUpdateTime: String, messageId: String?, feedbackId: String?) {
        self.emailAddress = emailAddress.lowercased()
        self.reason = reason
        self.lastUpdateTime = lastUpdateTime
        self.messageId = messageId
        self.feedbackId = feedbackId
    }
}

/// One bounce or complaint SES reported about a message the system sent.
public struct EmailFeedback: Codable, Sendable, Hashable {
    public var feedbackId: String
    /// `Bounce` or `Complaint`, as SES names them.
    public var type: String
    /// For bounces `Permanent`, `Transient` or `Undetermined`; for complaints the feedback type, if any.
    public var subtype: String?
    /// SES's finer reason: `General`, `NoEmail`, `Suppressed`, `OnAccountSuppressionList`, ...
    public var detail: String?
    public var messageId: String
    public var recipients: [String]
    /// The notification the message was sent for, from the message's `notification_id` tag.
    public var notificationId: String?
    public var timestamp: String

    enum CodingKeys: String, CodingKey {
        case feedbackId = "feedback_id"
        case type, subtype, detail
        case messageId = "message_id"
        case recipients
        case notificationId = "notification_id"
        case timestamp
    }

    public init(
        feedbackId: String,
        type: String,
        subtype: String?,
        detail: String?,
        messageId: String,
        recipients: [String],
        notificationId: String?,
        timestamp: String
    ) {
        self.feedbackId = feedbackId
        self.type = type
        self.subtype = subtype
        self.detail = detail
        self.messageId = messageId
        self.recipients = recipients
        self.notificationId = notificationId
        self.timestamp = timestamp
    }
}
