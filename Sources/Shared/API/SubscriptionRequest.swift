/// NotificationService's work on subscriptions, as JSON payloads `{"action": "create_subscription", ...}`.

public enum SubscriptionRequest: Sendable, Hashable {
    /// A new subscription: its answer carries the secret, this once.
    case create(SubscriptionDraft, caller: Caller, requestId: String?)
    case delete(subscriptionId: String, caller: Caller, requestId: String?)

    public static let actions: Set<String> = ["create_subscription", "delete_subscription"]

    public var action: String {
        switch self {
        case .create: "create_subscription"
        case .delete: "delete_subscription"
        }
    }
}

/// What a new subscription is made of: `POST /api/subscriptions`' body.
public struct SubscriptionDraft: Codable, Sendable, Hashable {
    /// The new subscription's id; drawn when absent.
    public var subscriptionId: String?
    public var url: String
    public var events: [String]
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case subscriptionId = "subscription_id"
        case url, events, description
    }

    public init(subscriptionId: String? = nil, url: String, events: [String], description: String? = nil) {
        self.subscriptionId = subscriptionId
        self.url = url
        self.events = events
        self.description = description
    }
}

extension SubscriptionRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case action, subscription, caller
        case subscriptionId = "subscription_id"
        case requestId = "request_id"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let action = try c.decode(String.self, forKey: .action)
        let caller = try c.decode(Caller.self, forKey: .caller)
        let requestId = try c.decodeIfPresent(String.self, forKey: .requestId)
        switch action {
        case "create_subscription":
            self = .create(
                try c.decode(SubscriptionDraft.self, forKey: .subscription),
                caller: caller,
                requestId: requestId
            )
        case "delete_subscription":
            self = .delete(
                subscriptionId: try c.decode(String.self, forKey: .subscriptionId),
                caller: caller,
                requestId: requestId
            )
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .action,
                in: c,
                debugDescription: "unknown action '\(action)'"
            )
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        switch self {
        case .create(let draft, let caller, let requestId):
            try c.encode(draft, forKey: .subscription)
            try c.encode(caller, forKey: .caller)
            try c.encodeIfPresent(requestId, forKey: .requestId)
        case .delete(let id, let caller, let requestId):
            try c.encode(id, forKey: .subscriptionId)
            try c.encode(caller, forKey: .caller)
            try c.encodeIfPresent(requestId, forKey: .requestId)
        }
    }
}
