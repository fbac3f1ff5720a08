import AWSEvents
import Foundation
import WireFormat

/// One committed change of one item: what a stream record tells, in plain items.
public struct ItemChange: Sendable, Hashable {
    public var table: String
    public var key: Item
    /// The item before the change; nil when it was created.
    public var old: Item?
    /// The item after the change; nil when it was deleted.
    public var new: Item?

    public init(table: String, key: Item, old: Item?, new: Item?) {
        self.table = table
        self.key = key
        self.old = old
        self.new = new
    }

    /// The stream's name for the change.
    public var eventName: DynamoDBEvent.EventName {
        switch (old, new) {
        case (nil, _): .insert
        case (_, nil): .remove
        default: .modify
        }
    }
}

/// A place in a table's stream: a shard and the sequence number of the last record taken from it.
public struct StreamPosition: Codable, Sendable, Hashable {
    public var shardId: String
    /// The last record already handled; nil before the first (the shard's oldest record comes next).
    public var sequenceNumber: String?

    enum CodingKeys: String, CodingKey {
        case shardId = "shard_id"
        case sequenceNumber = "sequence_number"
    }

    public init(shardId: String, sequenceNumber: String?) {
        self.shardId = shardId
        self.sequenceNumber = sequenceNumber
    }
}

/// One shard of a table's stream, as DescribeStream lists it.
public struct StreamShard: Sendable, Hashable {
    public var shardId: String
    /// The shard this one continues, read to its end before this one.
    public var parentShardId: String?

    public init(shardId: String, parentShardId: String? = nil) {
        self.shardId = shardId
        self.parentShardId = parentShardId
    }
}

/// Reading DynamoDB Streams, as an event source mapping does: the shards of a table's stream and
/// the records of a shard after a sequence number, oldest first, within the 24-hour retention.
public protocol TableStreams: Sendable {
    /// The stream's ARN, or nil when the table has no stream.
    func streamArn(table: String) async throws -> String?
    /// The shards of the table's stream, parents before their children.
    func shards(table: String) async throws -> [StreamShard]
    /// At most `limit` records of `shard` after `position.sequenceNumber` (from the oldest
    /// retained record when nil), oldest first; empty when there are none yet.
    func records(table: String, after position: StreamPosition, limit: Int) async throws -> [DynamoDBEvent.EventRecord]
    /// At most `limit` records of `shard` from the one with `sequenceNumber` on (AT_SEQUENCE_NUMBER).
    func records(
        table: String,
        shard: String,
        at sequenceNumber: String,
        limit: Int
    ) async throws -> [DynamoDBEvent.EventRecord]
}

/// How long a stream keeps a record, as DynamoDB Streams does.
public let streamRetention: TimeInterval = 24 * 3600
