/// DatabaseManager's operations on the notification platform's records (subscriptions, managed
/// templates, delivery status), as JSON payloads `{"operation": "commit_subscription", ...}`.

public enum NotificationStoreRequest: Sendable, Hashable {
    /// Creates or deletes a subscription with its audit entry, as one transaction.
    case commitSubscription(SubscriptionChange)
    case getSubscription(subscriptionId: String)
    case listSubscriptions(page: PageRequest)
    /// Adds a status change to a notification's log (`NotificationLog.applying`), conditional on
    /// the log as read, so concurrent events lose nothing; answers the log, or null when none has the id.
    case updateNotificationStatus(notificationId: String, change: NotificationStatusChange)
    /// Notification logs: a contract's through its index, else all (scanned), filtered.
    case listNotificationLogs(NotificationFilter, page: PageRequest)
    /// What each of up to `NoticeContextQuery.maximumQueries` sends needs, in one read: the
    /// notification's log, the suppressed addresses, the client; answered in the queries' order.
    case noticeContext([NoticeContextQuery])
    /// Records each event's deliveries to the subscriptions that want it, and claims each key's head.
    case publishEvents(EventPublication)
    /// Commits the audit entry of a change to a managed template (whose version is in the templates bucket).
    case recordTemplateChange(AuditLog)

    public static let operations: Set<String> = [
        "commit_subscription", "get_subscription", "list_subscriptions", "update_notification_status",
        "list_notification_logs", "notice_context", "publish_events", "record_template_change",
    ]

    public var operation: String {
        switch self {
        case .commitSubscription: "commit_subscription"
        case .getSubscription: "get_subscription"
        case .listSubscriptions: "list_subscriptions"
        case .updateNotificationStatus: "update_notification_status"
        case .listNotificationLogs: "list_notification_logs"
        case .noticeContext: "notice_context"
        case .publishEvents: "publish_events"
        case .recordTemplateChange: "record_template_change"
        }
    }
}

extension NotificationStoreRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case operation, change, page, filter, query, queries, publication, audit
        case subscriptionId = "subscription_id"
        case notificationId = "notification_id"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let operation = try c.decode(String.self, forKey: .operation)
        let page = try c.decodeIfPresent(PageRequest.self, forKey: .page) ?? PageRequest()
        switch operation {
        case "commit_subscription": self = .commitSubscription(try c.decode(SubscriptionChange.self, forKey: .change))
        case "get_subscription":
            self = .getSubscription(subscriptionId: try c.decode(String.self, forKey: .subscriptionId))
        case "list_subscriptions": self = .listSubscriptions(page: page)
        case "update_notification_status":
            self = .updateNotificationStatus(
                notificationId: try c.decode(String.self, forKey: .notificationId),
                change: try c.decode(NotificationStatusChange.self, forKey: .change)
            )
        case "list_notification_logs":
            self = .listNotificationLogs(try c.decode(NotificationFilter.self, forKey: .filter), page: page)
        case "notice_context":
            // `query`, one query alone, as the operation first took it; `queries`, a batch.
            self = .noticeContext(
                try c.decodeIfPresent([NoticeContextQuery].self, forKey: .queries)
                    ?? [try c.decode(NoticeContextQuery.self, forKey: .query)]
            )
        case "publish_events": self = .publishEvents(try c.decode(EventPublication.self, forKey: .publication))
        case "record_template_change": self = .recordTemplateChange(try c.decode(AuditLog.self, forKey: .audit))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .operation,
                in: c,
                debugDescription: "unknown operation '\(operation)'"
            )
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(operation, forKey: .operation)
        switch self {
        case .commitSubscription(let change): try c.encode(change, forKey: .change)
        case .getSubscription(let id): try c.encode(id, forKey: .subscriptionId)
        case .listSubscriptions(let page): try c.encode(page, forKey: .page)
        case .updateNotificationStatus(let id, let change):
            try c.encode(id, forKey: .notificationId)
            try c.encode(change, forKey: .change)
        case .listNotificationLogs(let filter, let page):
            try c.encode(filter, forKey: .filter)
            try c.encode(page, forKey: .page)
        case .noticeContext(let queries): try c.encode(queries, forKey: .queries)
        case .publishEvents(let publication): try c.encode(publication, forKey: .publication)
        case .recordTemplateChange(let audit): try c.encode(audit, forKey: .audit)
        }
    }
}

/// Which notification logs a listing wants.
public struct NotificationFilter: Codable, Sendable, Hashable {
    public var contractId: String?
    public var clientId: String?
    public var status: NotificationStatus?

    enum CodingKeys: String, CodingKey {
        case contractId = "contract_id"
        case clientId = "client_id"
        case status
    }

    public init(contractId: String? = nil, clientId: String? = nil, status: NotificationStatus? = nil) {
        self.contractId = contractId
        self.clientId = clientId
        self.status = status
    }
}
