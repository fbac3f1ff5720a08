/// One event for the subscriptions, as its producer derived it from a stream record: its stable
/// id, type and body, and what orders it (`subject`, the stream, the record's sequence).
import WireFormat

public struct PublishableEvent: Codable, Sendable, Hashable {
    public var id: String
    public var type: SubscriptionEvent
    public var body: JSONValue
    /// What a subscription's events are ordered by within their stream (a contract, a notification).
    public var subject: String
    public var stream: String
    /// The stream record's sequence number, zero-padded (`WebhookMessage.sequence(stream:)`).
    public var sequence: String

    public init(id: String, type: SubscriptionEvent, body: JSONValue, subject: String, stream: String, sequence: String)
    {
        self.id = id
        self.type = type
        self.body = body
        self.subject = subject
        self.stream = stream
        self.sequence = sequence
    }
}

/// Events handed to DatabaseManager in one call (`publish_events`): it records a delivery for
/// each subscription that wants each event (the subscriptions as they stand then), and takes the
/// first delivery of each ordering key for one attempt under `lease_id`, so the sender starts
/// sending without another call.
public struct EventPublication: Codable, Sendable, Hashable {
    public var events: [PublishableEvent]
    public var leaseId: String
    public var now: String
    public var until: String

    enum CodingKeys: String, CodingKey {
        case events, now, until
        case leaseId = "lease_id"
    }

    public init(events: [PublishableEvent], leaseId: String, now: String, until: String) {
        self.events = events
        self.leaseId = leaseId
        self.now = now
        self.until = until
    }

    /// At most this many events per call.
    public static let maximumEvents = 100
}

/// What `publish_events` did: the deliveries it recorded (one recorded before is kept as it is)
/// and the heads it claimed, in the order of their keys' first events.
public struct PublicationResult: Codable, Sendable, Hashable {
    public var recorded: Int
    public var claimed: [WebhookDelivery]

    public init(recorded: Int, claimed: [WebhookDelivery]) {
        self.recorded = recorded
        self.claimed = claimed
    }
}

extension Subscription {
    /// The event as this subscription receives it: ordered per subject within its stream.
    public func message(for event: PublishableEvent) -> WebhookMessage {
        WebhookMessage(
            eventId: event.id,
            eventType: event.type.rawValue,
            body: event.body,
            target: WebhookTarget(id: subscriptionId, url: url, secret: secret),
            source: "subscription \(subscriptionId)",
            orderingKey: "\(subscriptionId)#\(event.subject)#\(event.stream)",
            sequence: event.sequence
        )
    }
}
