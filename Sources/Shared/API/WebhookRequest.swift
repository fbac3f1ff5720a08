/// NotificationService's webhook work, as JSON payloads `{"action": "enqueue_webhooks", ...,
/// "caller": {...}}` (a `WebhookCall`: the request and the caller it is made for).

public enum WebhookRequest: Sendable, Hashable {
    /// Records a delivery per message and attempts what may go now.
    case enqueue([WebhookMessage])
    /// Attempts the deliveries whose next attempt is due (what the `webhook-retries` rule runs).
    case dispatchDue
    /// One attempt of a delivery now, whatever its status.
    case redeliver(deliveryId: String)

    public static let actions: Set<String> = ["enqueue_webhooks", "dispatch_webhooks", "redeliver_webhook"]

    public var action: String {
        switch self {
        case .enqueue: "enqueue_webhooks"
        case .dispatchDue: "dispatch_webhooks"
        case .redeliver: "redeliver_webhook"
        }
    }

    /// Who may ask for it: enqueuing and the due run are the functions' own work (a campaign's
    /// callbacks, the `webhook-retries` rule); a redelivery is an administrator's decision too.
    public var allowedRoles: Set<Role> {
        switch self {
        case .enqueue, .dispatchDue: [.service]
        case .redeliver: [.admin, .service]
        }
    }
}

/// A webhook request with its caller, which NotificationService checks before any work.
public typealias WebhookCall = OperationCall<WebhookRequest>

extension WebhookRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case action, messages
        case deliveryId = "delivery_id"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let action = try c.decode(String.self, forKey: .action)
        switch action {
        case "enqueue_webhooks": self = .enqueue(try c.decode([WebhookMessage].self, forKey: .messages))
        case "dispatch_webhooks": self = .dispatchDue
        case "redeliver_webhook": self = .redeliver(deliveryId: try c.decode(String.self, forKey: .deliveryId))
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
        case .enqueue(let messages): try c.encode(messages, forKey: .messages)
        case .dispatchDue: break
        case .redeliver(let id): try c.encode(id, forKey: .deliveryId)
        }
    }
}
