/// What one attempt of a delivery came to.
public struct WebhookAttemptOutcome: Codable, Sendable, Hashable {
    public var deliveryId: String
    public var eventId: String
    public var attempt: Int
    /// The delivery's status after the attempt.
    public var status: WebhookDeliveryStatus
    public var statusCode: Int?
    public var error: String?
    public var nextAttemptAt: String?

    public init(
        deliveryId: String,
        eventId: String,
        attempt: Int,
        status: WebhookDeliveryStatus,
        statusCode: Int?,
        error: String?,
        nextAttemptAt: String?
    ) {
        self.deliveryId = deliveryId
        self.eventId = eventId
        self.attempt = attempt
        self.status = status
        self.statusCode = statusCode
        self.error = error
        self.nextAttemptAt = nextAttemptAt
    }

    enum CodingKeys: String, CodingKey {
        case deliveryId = "delivery_id"
        case eventId = "event_id"
        case attempt, status
        case statusCode = "status_code"
        case error
        case nextAttemptAt = "next_attempt_at"
    }
}

/// What a run of the dispatcher did: deliveries it recorded, and every attempt it made.
public struct WebhookRunReport: Codable, Sendable, Hashable {
    public var recorded: Int
    public var attempts: [WebhookAttemptOutcome]

    public init(recorded: Int = 0, attempts: [WebhookAttemptOutcome] = []) {
        self.recorded = recorded
        self.attempts = attempts
    }

    public static func + (lhs: WebhookRunReport, rhs: WebhookRunReport) -> WebhookRunReport {
        WebhookRunReport(recorded: lhs.recorded + rhs.recorded, attempts: lhs.attempts + rhs.attempts)
    }
}
