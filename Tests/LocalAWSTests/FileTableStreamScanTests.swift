import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing

@testable import LocalAWS

/// A file store's stream reads resume where the store's last read of the table ended, rather
/// than searching the journal again: what they return is what a store that never read before
/// returns, whatever the writes between, the batch sizes, or a state reset under the reader.
@Suite("FileTableStore stream reads")
struct FileTableStreamScanTests {
    static let table = Tables.contracts.name

    static func ids(_ records: [DynamoDBEvent.EventRecord]) -> [String] {
        records.map { $0.change.sequenceNumber }
    }

    static func contractIds(_ records: [DynamoDBEvent.EventRecord]) -> [String] {
        records.compactMap { record in
            record.change.keys["contract_id"].flatMap { if case .string(let id) = $0 { id } else { nil } }
        }
    }

    /// Reads after `position` from `store` and from a store over the same files with no past reads.
    static func bothRead(
        _ store: FileTableStore,
        root: URL,
        after position: StreamPosition,
        limit: Int
    ) throws -> (resumed: [DynamoDBEvent.EventRecord], fresh: [DynamoDBEvent.EventRecord]) {
        let resumed = try store.records(table: table, after: position, limit: limit)
        let fresh = try FileTableStore(root: root).records(table: table, after: position, limit: limit)
        return (resumed, fresh)
    }

    @Test
    func readsInterleavedWithWritesToOtherTablesReturnWhatAFreshStoreReturns() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root, segmentLimit: 4096)
            try store.createTable(Tables.contracts.withStream(.newAndOldImages))
            try store.createTable(Tables.events)
            let shard = try #require(try store.shards(table: Self.table).first).shardId
            var generator = SeededGenerator(seed: 20_261_201)
            // Two consumers at their own checkpoints, as two mappings of one table are.
            var positions = [StreamPosition(shardId: shard, sequenceNumber: nil)]
            positions.append(positions[0])
            var delivered: [[String]] = [[], []]
            var written: [String] = []
            for round in 0..<120 {
                let writes = Int.random(in: 0...3, using: &generator)
                for write in 0..<writes {
                    let id = String(format: "CT%03d%03d", round, write)
                    if Bool.random(using: &generator) {
                        try store.putItem(
                            table: Tables.events.name,
                            item: ["stream": "s", "seq": .number(Decimal(round))],
                            condition: nil
                        )
                    }
                    if Int.random(in: 0..<3, using: &generator) == 0 {
                        // A transaction of two contracts and an event: one line with three changes.
                        let second = id + "X"
                        try store.transactWriteItems([
                            .put(table: Self.table, item: contract(id), condition: nil),
                            .put(
                                table: Tables.events.name,
                                item: ["stream": "t", "seq": .number(Decimal(round))],
                                condition: nil
                            ),
                            .put(table: Self.table, item: contract(second), condition: nil),
                        ])
                        written += [id, second]
                    } else {
                        try store.putItem(table: Self.table, item: contract(id), condition: nil)
                        written.append(id)
                    }
                }
                let consumer = Int.random(in: 0...1, using: &generator)
                let limit = Int.random(in: 1...4, using: &generator)
                let (resumed, fresh) = try Self.bothRead(store, root: root, after: positions[consumer], limit: limit)
                #expect(Self.ids(resumed) == Self.ids(fresh), "round \(round)")
                if let last = resumed.last { positions[consumer].sequenceNumber = last.change.sequenceNumber }
                delivered[consumer] += Self.contractIds(resumed)
            }
            #expect(try journalSegments(root) > 2)
            for consumer in 0...1 {
                while true {
                    let page = try store.records(table: Self.table, after: positions[consumer], limit: 5)
                    guard let last = page.last else { break }
                    positions[consumer].sequenceNumber = last.change.sequenceNumber
                    delivered[consumer] += Self.contractIds(page)
                }
                #expect(delivered[consumer] == written)
            }
        }
    }

    @Test
    func aStateMadeAnewUnderTheReaderIsReadFromItsOwnJournal() async throws {
        try await withTemporaryDirectory { root in
            let reader = FileTableStore(root: root)
            try reader.createTable(Tables.contracts.withStream(.newAndOldImages))
            try reader.createTable(Tables.events)
            for number in 1...6 {
                try reader.putItem(
                    table: Tables.events.name,
                    item: ["stream": "s", "seq": .number(Decimal(number))],
                    condition: nil
                )
                try reader.putItem(table: Self.table, item: contract(String(format: "CT%06d", number)), condition: nil)
            }
            let shard = try #require(try reader.shards(table: Self.table).first).shardId
            let start = StreamPosition(shardId: shard, sequenceNumber: nil)
            // The reader stops after the first contract, at sequence 2, in the old journal's second line.
            #expect(try reader.records(table: Self.table, after: start, limit: 1).count == 1)
            // Another process resets the state and writes other changes, fewer and shorter.
            try FileManager.default.removeItem(at: root)
            let other = FileTableStore(root: root)
            try other.createTable(Tables.contracts.withStream(.newAndOldImages))
            for number in 1...3 {
                try other.putItem(table: Self.table, item: contract(String(format: "CT9%05d", number)), condition: nil)
            }
            // A new stream (a new label, so a new shard), read by the store that read the old one.
            let newShard = try #require(try other.shards(table: Self.table).first).shardId
            let after = StreamPosition(shardId: newShard, sequenceNumber: LocalStream.sequenceNumber(2))
            let (resumed, fresh) = try Self.bothRead(reader, root: root, after: after, limit: 100)
            #expect(Self.ids(resumed) == Self.ids(fresh))
            #expect(Self.contractIds(resumed) == ["CT900003"])
        }
    }

    func journalSegments(_ root: URL) throws -> Int { try TableJournal(root: root).segments().count }
}
