/// What a send needs from the tables, asked for in one call (`notice_context`): the log already
/// written under the notification's id, which addresses are on the suppression list, and the
/// client the notice is for, found from `client_id` or else from the contract.
public struct NoticeContextQuery: Codable, Sendable, Hashable {
    public var notificationId: String?
    public var recipients: [String]
    public var clientId: String?
    public var contractId: String?

    enum CodingKeys: String, CodingKey {
        case recipients
        case notificationId = "notification_id"
        case clientId = "client_id"
        case contractId = "contract_id"
    }

    /// The most queries one `notice_context` answers: a stream batch's notices.
    public static let maximumQueries = 100

    public init(notificationId: String?, recipients: [String], clientId: String?, contractId: String?) {
        self.notificationId = notificationId
        self.recipients = recipients
        self.clientId = clientId
        self.contractId = contractId
    }
}

/// The answer to a `NoticeContextQuery`.
public struct NoticeContext: Codable, Sendable, Hashable {
    /// The log written under the notification's id, if any.
    public var notification: NotificationLog?
    /// The recipients (and the client's address, when a client was found) on the suppression list.
    public var suppressed: [String]
    /// The notice's client, when the query named one or its contract has one.
    public var client: Client?

    public init(notification: NotificationLog?, suppressed: [String], client: Client?) {
        self.notification = notification
        self.suppressed = suppressed
        self.client = client
    }
}
