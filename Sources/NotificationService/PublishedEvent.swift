import AWSEvents
import Cryptography
import Foundation
import Shared
import WireFormat

/// An event for the subscriptions, derived from one committed change in a table's stream: its
/// type, an id derived from the record (the table and its sequence number, so a batch delivered
/// again or replayed gives the same id), and the record's state after the change.
struct PublishedEvent: Sendable, Hashable {
    /// The streams events are derived from.
    enum Stream: String, Sendable {
        case contracts, notifications
    }

    let id: String
    let type: SubscriptionEvent
    let createdAt: String
    let stream: Stream
    let sequenceNumber: String
    /// What the events of one subscription are ordered by: the contract (or, for a notification
    /// of none, the notification).
    let subject: String
    /// The record after the change (before it, for a deletion).
    let object: Item
    /// The attributes the change altered, with their values before it.
    let previous: Item?

    /// The request body: `{"id","type","created_at","data":{"object","previous_attributes"}}`.
    var body: JSONValue {
        var data: [String: JSONValue] = ["object": .object(object)]
        if let previous { data["previous_attributes"] = .object(previous) }
        return [
            "id": .string(id), "type": .string(type.rawValue), "created_at": .string(createdAt), "data": .object(data),
        ]
    }

    /// The event as DatabaseManager records it for the subscriptions that want it.
    var publishable: PublishableEvent {
        PublishableEvent(
            id: id,
            type: type,
            body: body,
            subject: subject,
            stream: stream.rawValue,
            sequence: WebhookMessage.sequence(stream: sequenceNumber)
        )
    }

    /// The event a record makes, or nil when the change is not one subscribers hear of.
    static func of(_ record: DynamoDBEvent.EventRecord, stream: Stream, now: String) throws -> PublishedEvent? {
        let old = try item(record.change.oldImage, record)
        let new = try item(record.change.newImage, record)
        guard let object = new ?? old else { return nil }
        let type: SubscriptionEvent?
        let subject: String?
        switch stream {
        case .contracts:
            type = contractEvent(
                old: try old?.decoded(Contract.self, record),
                new: try new?.decoded(Contract.self, record)
            )
            subject = object["contract_id"]?.stringValue
        case .notifications:
            type = notificationEvent(
                old: try old?.decoded(NotificationLog.self, record),
                new: try new?.decoded(NotificationLog.self, record)
            )
            subject = object["contract_id"]?.stringValue ?? object["notification_id"]?.stringValue
        }
        guard let type, let subject, let table = record.tableName else { return nil }
        let sequence = record.change.sequenceNumber
        let id = "evt_" + Hex.encode(Digest.sha256(Data("\(table)#\(sequence)".utf8)).prefix(12))
        return PublishedEvent(
            id: id,
            type: type,
            createdAt: record.change.approximateCreationDate.map(Timestamp.string) ?? now,
            stream: stream,
            sequenceNumber: sequence,
            subject: subject,
            object: object,
            previous: old.flatMap { old in new.map { changes(from: old, to: $0) } }
        )
    }

    static func contractEvent(old: Contract?, new: Contract?) -> SubscriptionEvent? {
        switch (old, new) {
        case (nil, nil): return nil
        case (nil, .some): return .contractCreated
        case (.some, nil): return .contractDeleted
        case (let old?, let new?):
            if old.status != new.status {
                switch new.status {
                case .terminated: return .contractTerminated
                case .expired: return .contractExpired
                case .suspended: return .contractSuspended
                case .active: return .contractReactivated
                }
            }
            if new.hasPendingTermination, !old.hasPendingTermination { return .contractTerminationScheduled }
            if old.hasPendingTermination, !new.hasPendingTermination { return .contractTerminationCancelled }
            return .contractUpdated
        }
    }

    static func notificationEvent(old: NotificationLog?, new: NotificationLog?) -> SubscriptionEvent? {
        guard let new, old?.status != new.status else { return nil }
        switch new.status {
        case "SENT": return .notificationSent
        case "SUPPRESSED": return .notificationSuppressed
        case "FAILED": return .notificationFailed
        case "DELIVERED": return .notificationDelivered
        case "BOUNCED": return .notificationBounced
        case "COMPLAINED": return .notificationComplained
        case "REJECTED": return .notificationRejected
        default: return nil
        }
    }

    /// The attributes that differ, with their values before (null for one the change added).
    static func changes(from old: Item, to new: Item) -> Item {
        var previous = Item()
        for key in Set(old.keys).union(new.keys) where old[key] != new[key] { previous[key] = old[key] ?? .null }
        return previous
    }

    private static func item(
        _ image: [String: DynamoDBAttributeValue]?,
        _ record: DynamoDBEvent.EventRecord
    ) throws -> Item? {
        guard let image else { return nil }
        guard let item = DynamoDBAttributeValue.plainItem(image) else {
            throw DomainError.malformed(
                "stream record \(record.eventId.prefix(40)) has an image with a number that is not one"
            )
        }
        return item
    }
}

extension Item {
    fileprivate func decoded<T: Decodable>(_ type: T.Type, _ record: DynamoDBEvent.EventRecord) throws -> T {
        do {
            return try decode(type)
        } catch {
            throw DomainError.malformed(
                "stream record \(record.eventId.prefix(40)) does not hold a \(type): "
                    + DecodingErrorDescription.describe(error)
            )
        }
    }
}
