/// DatabaseManager's operations on webhook deliveries, as JSON payloads
/// `{"operation": "claim_webhook_delivery", ...}` beside those of `DatabaseRequest`.

public enum WebhookStoreRequest: Sendable, Hashable {
    /// Records the deliveries whose ids are new; answers the ids it created (one already there is kept).
    case createDeliveries([WebhookDelivery])
    case getDelivery(deliveryId: String)
    /// Every delivery (of one status), a page at a time.
    case listDeliveries(status: WebhookDeliveryStatus?, page: PageRequest)
    /// The first waiting delivery of an ordering key by sequence: the only one of its key that may be sent.
    case queueHead(orderingKey: String)
    /// Waiting deliveries due at `now`, soonest due first.
    case dueDeliveries(now: String, page: PageRequest)
    /// Takes the delivery for one attempt until `until`; 409 when another sender holds it, or
    /// (unless `anyStatus`) when it no longer waits or is not due at `now`.
    case claimDelivery(deliveryId: String, leaseId: String, now: String, until: String, anyStatus: Bool)
    /// Takes the first waiting delivery of an ordering key for one attempt, if it is due and free:
    /// `queueHead` and `claimDelivery` in one call; answers null when there is nothing to send now.
    case claimHead(WebhookClaim)
    /// Writes each delivery after its attempt, in order, if the caller still holds its lease (409
    /// at the first it does not); with `next`, then claims that key's next delivery as `claimHead`
    /// does. Answers the deliveries so claimed. At most `maximumDeliveries` per request.
    case finishAttempts([WebhookFinish])

    /// The most deliveries one `create_webhook_deliveries` records, so that one request stays bounded.
    public static let maximumDeliveries = 100

    public static let operations: Set<String> = [
        "create_webhook_deliveries", "get_webhook_delivery", "list_webhook_deliveries", "webhook_queue_head",
        "due_webhook_deliveries", "claim_webhook_delivery", "claim_webhook_head", "finish_webhook_attempt",
    ]

    public var operation: String {
        switch self {
        case .createDeliveries: "create_webhook_deliveries"
        case .getDelivery: "get_webhook_delivery"
        case .listDeliveries: "list_webhook_deliveries"
        case .queueHead: "webhook_queue_head"
        case .dueDeliveries: "due_webhook_deliveries"
        case .claimDelivery: "claim_webhook_delivery"
        case .claimHead: "claim_webhook_head"
        case .finishAttempts: "finish_webhook_attempt"
        }
    }
}

extension WebhookStoreRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case operation, deliveries, status, page, now, until, claim, attempts
        case deliveryId = "delivery_id"
        case orderingKey = "ordering_key"
        case leaseId = "lease_id"
        case anyStatus = "any_status"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let operation = try c.decode(String.self, forKey: .operation)
        let page = try c.decodeIfPresent(PageRequest.self, forKey: .page) ?? PageRequest()
        switch operation {
        case "create_webhook_deliveries":
            self = .createDeliveries(try c.decode([WebhookDelivery].self, forKey: .deliveries))
        case "get_webhook_delivery": self = .getDelivery(deliveryId: try c.decode(String.self, forKey: .deliveryId))
        case "list_webhook_deliveries":
            self = .listDeliveries(
                status: try c.decodeIfPresent(WebhookDeliveryStatus.self, forKey: .status),
                page: page
            )
        case "webhook_queue_head": self = .queueHead(orderingKey: try c.decode(String.self, forKey: .orderingKey))
        case "due_webhook_deliveries": self = .dueDeliveries(now: try c.decode(String.self, forKey: .now), page: page)
        case "claim_webhook_delivery":
            self = .claimDelivery(
                deliveryId: try c.decode(String.self, forKey: .deliveryId),
                leaseId: try c.decode(String.self, forKey: .leaseId),
                now: try c.decode(String.self, forKey: .now),
                until: try c.decode(String.self, forKey: .until),
                anyStatus: try c.decodeIfPresent(Bool.self, forKey: .anyStatus) ?? false
            )
        case "claim_webhook_head": self = .claimHead(try c.decode(WebhookClaim.self, forKey: .claim))
        case "finish_webhook_attempt": self = .finishAttempts(try c.decode([WebhookFinish].self, forKey: .attempts))
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
        case .createDeliveries(let deliveries): try c.encode(deliveries, forKey: .deliveries)
        case .getDelivery(let id): try c.encode(id, forKey: .deliveryId)
        case .listDeliveries(let status, let page):
            try c.encodeIfPresent(status, forKey: .status)
            try c.encode(page, forKey: .page)
        case .queueHead(let key): try c.encode(key, forKey: .orderingKey)
        case .dueDeliveries(let now, let page):
            try c.encode(now, forKey: .now)
            try c.encode(page, forKey: .page)
        case .claimDelivery(let id, let leaseId, let now, let until, let anyStatus):
            try c.encode(id, forKey: .deliveryId)
            try c.encode(leaseId, forKey: .leaseId)
            try c.encode(now, forKey: .now)
            try c.encode(until, forKey: .until)
            try c.encode(anyStatus, forKey: .anyStatus)
        case .claimHead(let claim): try c.encode(claim, forKey: .claim)
        case .finishAttempts(let finishes): try c.encode(finishes, forKey: .attempts)
        }
    }
}

/// A claim on the first waiting delivery of an ordering key: held under `lease_id` until `until`,
/// taken only when the delivery is due at `now`.
public struct WebhookClaim: Codable, Sendable, Hashable {
    public var orderingKey: String
    public var leaseId: String
    public var now: String
    public var until: String

    enum CodingKeys: String, CodingKey {
        case now, until
        case orderingKey = "ordering_key"
        case leaseId = "lease_id"
    }

    public init(orderingKey: String, leaseId: String, now: String, until: String) {
        self.orderingKey = orderingKey
        self.leaseId = leaseId
        self.now = now
        self.until = until
    }
}

/// One attempt to write: the delivery as the attempt left it, the lease it was sent under, and,
/// when its key's queue may go on now, a claim on the key's next delivery.
public struct WebhookFinish: Codable, Sendable, Hashable {
    public var delivery: WebhookDelivery
    public var leaseId: String
    public var next: WebhookClaim?

    enum CodingKeys: String, CodingKey {
        case delivery, next
        case leaseId = "lease_id"
    }

    public init(delivery: WebhookDelivery, leaseId: String, next: WebhookClaim?) {
        self.delivery = delivery
        self.leaseId = leaseId
        self.next = next
    }
}
