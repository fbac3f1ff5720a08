import AWSEvents
import Foundation
import Shared
import WireFormat

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
        let changes = try shared { () -> [TableJournal.StreamedChange] in
            guard let end = try journal.applied() else { return [] }
            let hint = streamScans.withLock { $0.best(table: table, after: start) }
            let (changes, scan) = try journal.changes(of: table, after: start, limit: limit, end: end, resuming: hint)
            if let scan { streamScans.withLock { $0.record(scan, table: table) } }
            return changes
        }
        return changes.map { streamed in
            stream.record(streamed.change, sequence: streamed.sequence, at: Timestamp.parse(streamed.time) ?? clock())
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

/// The places where this process's last reads of each table's stream ended (a few per table, as
/// each consumer of a table reads from its own checkpoint), so the next read resumes there.
struct StreamScans: Sendable {
    static let perTable = 4
    private var scans: [String: [TableJournal.StreamScan]] = [:]

    /// The furthest scan a read after `start` may begin at.
    func best(table: String, after start: UInt64) -> TableJournal.StreamScan? {
        scans[table]?.filter { $0.after <= start }
            .max { ($0.line.segment, $0.line.offset) < ($1.line.segment, $1.line.offset) }
    }

    mutating func record(_ scan: TableJournal.StreamScan, table: String) {
        var list = scans[table] ?? []
        list.removeAll { $0.after == scan.after }
        list.append(scan)
        scans[table] = Array(list.suffix(Self.perTable))
    }
}
