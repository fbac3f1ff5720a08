/// A subscription created or deleted, committed by DatabaseManager as one transaction with its
/// audit entry.
public struct SubscriptionChange: Codable, Sendable, Hashable {
    public var subscriptionId: String
    /// The subscription after the change; nil deletes it.
    public var subscription: Subscription?
    /// The version the change was made from; nil creates it (the id must be free).
    public var expectedVersion: Int?
    public var audit: AuditLog

    enum CodingKeys: String, CodingKey {
        case subscriptionId = "subscription_id"
        case subscription, audit
        case expectedVersion = "expected_version"
    }

    public init(subscriptionId: String, subscription: Subscription?, expectedVersion: Int?, audit: AuditLog) {
        self.subscriptionId = subscriptionId
        self.subscription = subscription
        self.expectedVersion = expectedVersion
        self.audit = audit
    }
}
