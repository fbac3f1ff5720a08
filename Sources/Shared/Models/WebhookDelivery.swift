/// Where a webhook delivery stands.
public enum WebhookDeliveryStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for its first attempt (or behind an earlier delivery of its ordering key).
    case pending = "PENDING"
    /// An attempt failed; the next one is due at `next_attempt_at`.
    case retrying = "RETRYING"
    /// A receiver answered 2xx.
    case delivered = "DELIVERED"
    /// Every attempt failed; kept for `webhooks redeliver`.
    case deadLettered = "DEAD_LETTERED"
    /// Recorded and never sent: locally only loopback `http` URLs are sent.
    case recorded = "RECORDED"

    /// Whether the delivery still waits for an attempt (and holds back later ones of its key).
    public var isWaiting: Bool { self == .pending || self == .retrying }
}

/// One attempt to deliver a webhook.
public struct WebhookAttempt: Codable, Sendable, Hashable {
    public var number: Int
    public var startedAt: String
    /// The receiver's HTTP status; nil when none answered (refused, timed out, not sent).
    public var statusCode: Int?
    /// Why the attempt failed, or why it was not sent.
    public var error: String?
    public var durationMs: Int
    /// The start of the receiver's answer, for diagnosis.
    public var response: String?

    enum CodingKeys: String, CodingKey {
        case number
        case startedAt = "started_at"
        case statusCode = "status_code"
        case error
        case durationMs = "duration_ms"
        case response
    }

    public init(
        number: Int,
        startedAt: String,
        statusCode: Int?,
        error: String?,
        durationMs: Int,
        response: String? = nil
    ) {
        self.number = number
        self.startedAt = startedAt
        self.statusCode = statusCode
        self.error = error
        self.durationMs = durationMs
        self.response = response
    }

    /// Whether the receiver took the event (any 2xx).
    public var succeeded: Bool { statusCode.map { (200...299).contains($0) } ?? false }
}

/// One event on its way to one endpoint, recorded before its first attempt and kept with every
/// attempt, so a delivery is never lost and never done twice by two senders at once (the lease).
/// While it waits, `waiting` and `waiting_key` put it in the sparse indexes the dispatcher reads:
/// the due deliveries by time, and each ordering key's queue by `sequence`.
public struct WebhookDelivery: Codable, Sendable, Hashable {
    public var deliveryId: String
    public var eventId: String
    public var eventType: String
    /// Who produced the event for this endpoint (`subscription SB001ABC`).
    public var source: String
    public var targetId: String
    public var url: String
    /// The endpoint's signing secret; never printed.
    public var secret: String
    /// Deliveries with one key go out one at a time, in `sequence` order.
    public var orderingKey: String
    public var sequence: String
    /// The request body, exactly as every attempt sends it.
    public var body: String
    public var status: WebhookDeliveryStatus
    public var attempts: [WebhookAttempt]
    public var createdAt: String
    public var nextAttemptAt: String?
    public var deliveredAt: String?
    /// `WAITING` while the delivery waits (the due index's partition); absent otherwise.
    public var waiting: String?
    /// `ordering_key` while the delivery waits (the queue index's partition); absent otherwise.
    public var waitingKey: String?
    /// The sender holding the delivery, and until when.
    public var leaseId: String?
    public var leaseUntil: String?

    enum CodingKeys: String, CodingKey {
        case deliveryId = "delivery_id"
        case eventId = "event_id"
        case eventType = "event_type"
        case source
        case targetId = "target_id"
        case url, secret
        case orderingKey = "ordering_key"
        case sequence, body, status, attempts
        case createdAt = "created_at"
        case nextAttemptAt = "next_attempt_at"
        case deliveredAt = "delivered_at"
        case waiting
        case waitingKey = "waiting_key"
        case leaseId = "lease_id"
        case leaseUntil = "lease_until"
    }

    public init(
        deliveryId: String,
        eventId: String,
        eventType: String,
        source: String,
        targetId: String,
        url: String,
        secret: String,
        orderingKey: String,
        sequence: String,
        body: String,
        createdAt: String
    ) {
        self.deliveryId = deliveryId
        self.eventId = eventId
        self.eventType = eventType
        self.source = source
        self.targetId = targetId
        self.url = url
        self.secret = secret
        self.orderingKey = orderingKey
        self.sequence = sequence
        self.body = body
        self.status = .pending
        self.attempts = []
        self.createdAt = createdAt
        self.nextAttemptAt = createdAt
        self.waiting = Self.waitingPartition
        self.waitingKey = orderingKey
    }

    /// The due index's one partition.
    public static let waitingPartition = "WAITING"

    /// Moves to `status`: a waiting status keeps the delivery in the indexes, any other takes it out.
    public mutating func settle(_ status: WebhookDeliveryStatus, nextAttemptAt: String?) {
        self.status = status
        self.nextAttemptAt = status.isWaiting ? nextAttemptAt : nil
        waiting = status.isWaiting ? Self.waitingPartition : nil
        waitingKey = status.isWaiting ? orderingKey : nil
        leaseId = nil
        leaseUntil = nil
    }

    /// The record as `webhooks show` and the logs may print it: the secret left out.
    public var redacted: WebhookDelivery {
        var copy = self
        copy.secret = "(not shown)"
        return copy
    }
}
