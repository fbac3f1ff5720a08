/// One notification sent (or refused) through SES, logged by NotificationService.
import WireFormat

public struct NotificationLog: Codable, Sendable, Hashable {
    public var notificationId: String
    public var contractId: String?
    public var template: String
    public var recipients: [String]
    public var subject: String
    public var messageId: String?
    /// `SENT`, `FAILED`, `SUPPRESSED` (every recipient on the suppression list, nothing sent), and
    /// after SES's events `DELIVERED`, `BOUNCED`, `COMPLAINED` or `REJECTED` (`NotificationStatus`).
    public var status: String
    public var sentAt: String
    public var requestedBy: String
    public var error: String?
    /// Recipients left out because they are on the suppression list.
    public var suppressedRecipients: [String]?
    /// The client the notification went to, when it is about a contract.
    public var clientId: String?
    /// Every status the notification had, oldest first, each with its time (absent in logs
    /// written before statuses were kept).
    public var statusHistory: [NotificationStatusChange]?
    /// When the log last changed: a status update is conditional on it, so none is lost.
    public var updatedAt: String?

    enum CodingKeys: String, CodingKey {
        case notificationId = "notification_id"
        case contractId = "contract_id"
        case template, recipients, subject
        case messageId = "message_id"
        case status
        case sentAt = "sent_at"
        case requestedBy = "requested_by"
        case error
        case suppressedRecipients = "suppressed_recipients"
        case clientId = "client_id"
        case statusHistory = "status_history"
        case updatedAt = "updated_at"
    }

    public init(
        notificationId: String,
        contractId: String?,
        template: String,
        recipients: [String],
        subject: String,
        messageId: String?,
        status: String,
        sentAt: String,
        requestedBy: String,
        error: String? = nil
    ) {
        self.notificationId = notificationId
        self.contractId = contractId
        self.template = template
        self.recipients = recipients
        self.subject = subject
        self.messageId = messageId
        self.status = status
        self.sentAt = sentAt
        self.requestedBy = requestedBy
        self.error = error
    }
}

/// The remembered answer to a request sent with an `Idempotency-Key`.
public struct IdempotencyRecord: Codable, Sendable, Hashable {
    public var idempotencyKey: String
    public var requestHash: String
    public var status: String
    public var response: JSONValue?
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case idempotencyKey = "idempotency_key"
        case requestHash = "request_hash"
        case status, response
        case createdAt = "created_at"
    }

    public init(idempotencyKey: String, requestHash: String, status: String, response: JSONValue?, createdAt: String) {
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.status = status
        self.response = response
        self.createdAt = createdAt
    }
}
