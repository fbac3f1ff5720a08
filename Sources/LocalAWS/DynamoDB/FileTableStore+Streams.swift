import Foundation
import Shared

/// The streams of the file store's tables, read from its journal.
extension FileTableStore {
    public func streamArn(table: String) throws -> String? {
        try stream(of: table)?.stream.arn
    }

    public func shards(table: String) throws -> [StreamShard] {
        try stream(of: table).map { [StreamShard(shardId: $0.stream.shardId)] } ?? []
    }

    public func records(table: String, after position: StreamPosition, limit: Int) throws -> [DynamoDBEvent.EventRecord]
    {
        guard let (stream, first) = try stream(of: table) else {
            throw TableError.validation("table \(table) has no stream")
        }
        let start = max(try stream.start(of: position), first - 1)
        return try shared {
            guard let end = try journal.applied() else { return [] }
            return try journal.changes(of: table, after: start, limit: limit, end: end).map { streamed in
                stream.record(
                    streamed.change,
                    sequence: streamed.sequence,
                    at: Timestamp.parse(streamed.time) ?? clock()
                )
            }
        }
    }

    public func records(
        table: String,
        shard: String,
        at sequenceNumber: String,
        limit: Int
    ) throws -> [DynamoDBEvent.EventRecord] {
        guard let (stream, _) = try stream(of: table) else {
            throw TableError.validation("table \(table) has no stream")
        }
        return try records(table: table, after: stream.position(before: sequenceNumber, shard: shard), limit: limit)
    }

    /// The table's stream and the first sequence it holds (changes before it were made before
    /// the stream was enabled); nil for a table without a stream.
    func stream(of table: String) throws -> (stream: LocalStream, firstSequence: UInt64)? {
        let definition = try definition(table)
        guard let viewType = definition.stream else { return nil }
        let layout = FileTableLayout(root: root, table: table)
        guard let data = try PosixFiles.read(layout.streamFile),
            case .object(let fields) = try? JSONValueParser.parse(data), let label = fields["label"]?.stringValue,
            case .number(let first)? = fields["first_sequence"]
        else {
            throw StorageError.corrupt("\(layout.streamFile) does not describe the table's stream")
        }
        let stream = LocalStream(table: table, viewType: viewType, label: label, identity: identity)
        return (stream, NSDecimalNumber(decimal: first).uint64Value)
    }
}
