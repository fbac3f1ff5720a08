import Cryptography
import Foundation
import WireFormat

/// An endpoint events are delivered to: its id (a subscription's, a campaign's), its URL and
/// the secret its requests are signed with.
public struct WebhookTarget: Codable, Sendable, Hashable {
    public var id: String
    public var url: String
    public var secret: String

    public init(id: String, url: String, secret: String) {
        self.id = id
        self.url = url
        self.secret = secret
    }
}

/// What a producer hands the dispatcher: one event for one endpoint. The event's id must be
/// stable (derived from what caused it), so a producer that runs again hands in the same
/// message and no second delivery is made; `ordering_key` and `sequence` order it among the
/// endpoint's other events (a contract's changes, by stream sequence number).
public struct WebhookMessage: Codable, Sendable, Hashable {
    public var eventId: String
    public var eventType: String
    /// The request body: a JSON object, encoded once with the project's JSON configuration.
    public var body: JSONValue
    public var target: WebhookTarget
    /// Who produced it, for people reading the deliveries (`subscription SB001ABC`).
    public var source: String
    public var orderingKey: String
    public var sequence: String

    enum CodingKeys: String, CodingKey {
        case eventId = "event_id"
        case eventType = "event_type"
        case body, target, source
        case orderingKey = "ordering_key"
        case sequence
    }

    public init(
        eventId: String,
        eventType: String,
        body: JSONValue,
        target: WebhookTarget,
        source: String,
        orderingKey: String,
        sequence: String
    ) {
        self.eventId = eventId
        self.eventType = eventType
        self.body = body
        self.target = target
        self.source = source
        self.orderingKey = orderingKey
        self.sequence = sequence
    }

    /// A stream sequence number as a `sequence`: zero-padded, so text order is number order.
    public static func sequence(stream sequenceNumber: String) -> String {
        String(repeating: "0", count: max(0, 40 - sequenceNumber.count)) + sequenceNumber
    }

    /// The delivery of this event to this endpoint: the same message always gets the same id.
    public var deliveryId: String {
        "WD" + Hex.encode(Digest.sha256(Data("\(target.id)#\(eventId)".utf8)).prefix(8)).uppercased()
    }

    /// The largest body a delivery carries (the record must stay under DynamoDB's item limit).
    public static let maximumBodyBytes = 256 * 1024
}
