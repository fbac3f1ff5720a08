/// The events a subscription may ask for: each names what happened to which record, and is
/// derived from one committed change in a table's stream.
public enum SubscriptionEvent: String, Codable, Sendable, CaseIterable {
    case contractCreated = "contract.created"
    case contractUpdated = "contract.updated"
    case contractSuspended = "contract.suspended"
    case contractReactivated = "contract.reactivated"
    case contractTerminationScheduled = "contract.termination_scheduled"
    case contractTerminationCancelled = "contract.termination_cancelled"
    case contractTerminated = "contract.terminated"
    case contractExpired = "contract.expired"
    case contractDeleted = "contract.deleted"
    case notificationSent = "notification.sent"
    case notificationSuppressed = "notification.suppressed"
    case notificationFailed = "notification.failed"
    case notificationDelivered = "notification.delivered"
    case notificationBounced = "notification.bounced"
    case notificationComplained = "notification.complained"
    case notificationRejected = "notification.rejected"

    /// Every event type's name, and `*` (every event).
    public static let names = ["*"] + allCases.map(\.rawValue)
}

/// An external system's subscription: the events it wants POSTed to its URL, signed with its secret.
public struct Subscription: Codable, Sendable, Hashable {
    public var subscriptionId: String
    public var url: String
    /// Event type names, or `*` for all.
    public var events: [String]
    public var description: String?
    /// Signs every request; shown once, when the subscription is created.
    public var secret: String
    public var createdAt: String
    public var createdBy: String
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case subscriptionId = "subscription_id"
        case url, events, description, secret
        case createdAt = "created_at"
        case createdBy = "created_by"
        case version
    }

    public init(
        subscriptionId: String,
        url: String,
        events: [String],
        description: String?,
        secret: String,
        createdAt: String,
        createdBy: String,
        version: Int = 1
    ) {
        self.subscriptionId = subscriptionId
        self.url = url
        self.events = events
        self.description = description
        self.secret = secret
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.version = version
    }

    /// Whether the subscription asks for this event.
    public func wants(_ event: SubscriptionEvent) -> Bool {
        events.contains("*") || events.contains(event.rawValue)
    }

    /// The subscription as the API shows it: without its secret, unless `revealingSecret` (its creation).
    public func view(revealingSecret: Bool = false) -> SubscriptionView {
        SubscriptionView(
            subscriptionId: subscriptionId,
            url: url,
            events: events,
            description: description,
            createdAt: createdAt,
            createdBy: createdBy,
            secret: revealingSecret ? secret : nil
        )
    }
}

/// A subscription as the API answers it; `secret` only in the answer to its creation.
public struct SubscriptionView: Codable, Sendable, Hashable {
    public var subscriptionId: String
    public var url: String
    public var events: [String]
    public var description: String?
    public var createdAt: String
    public var createdBy: String
    public var secret: String?

    enum CodingKeys: String, CodingKey {
        case subscriptionId = "subscription_id"
        case url, events, description
        case createdAt = "created_at"
        case createdBy = "created_by"
        case secret
    }
}
