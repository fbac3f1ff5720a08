import Foundation
import Shared
import Testing
import WireFormat

@testable import LocalAWS

/// The file store's journal: one line per commit, files brought up to date from it, and what a
/// killed writer or a stopped machine leaves put right by the next reader.
@Suite("FileTableStore journal")
struct FileTableJournalTests {
    static let table = Tables.contracts.name

    static func journal(_ root: URL) -> TableJournal { TableJournal(root: root) }

    static func segment(_ root: URL) throws -> String {
        let journal = Self.journal(root)
        return try String(
            contentsOfFile: journal.segmentPath(try #require(try journal.segments().last)),
            encoding: .utf8
        )
    }

    @Test
    func aTransactionIsOneJournalLineWithEveryChange() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root)
            try store.createTable(Tables.contracts)
            try store.createTable(Tables.events)
            try store.putItem(table: Self.table, item: contract("CT000001"), condition: nil)
            try store.transactWriteItems([
                .update(
                    table: Self.table,
                    key: ["contract_id": "CT000001"],
                    actions: [.set("status", "TERMINATED")],
                    condition: nil
                ),
                .put(table: Tables.events.name, item: ["stream": "audit", "seq": 1], condition: nil),
            ])
            let lines = try Self.segment(root).split(separator: "\n")
            #expect(lines.count == 2)
            let entry = try TableJournal.entry(Data(lines[1].utf8))
            #expect(entry.sequence == 2 && entry.changes.count == 2)
            #expect(entry.changes.map(\.table) == [Self.table, Tables.events.name])
            #expect(entry.changes[0].old?["status"] == "ACTIVE" && entry.changes[0].new?["status"] == "TERMINATED")
            #expect(lines[1].hasPrefix("{\"sequence\":2,"))
            #expect(try Self.journal(root).applied()?.offset == Int64(try Self.segment(root).utf8.count))
        }
    }

    @Test
    func aLineAKilledWriterCommittedIsAppliedByTheNextReader() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root)
            try store.createTable(Tables.contracts)
            try store.putItem(table: Self.table, item: contract("CT000001"), condition: nil)
            // The writer wrote and fsync'd its line, then died before any file took its place.
            let journal = Self.journal(root)
            let applied = try #require(try journal.applied())
            let change = ItemChange(
                table: Self.table,
                key: ["contract_id": "CT000002"],
                old: nil,
                new: contract("CT000002")
            )
            let update = ItemChange(
                table: Self.table,
                key: ["contract_id": "CT000001"],
                old: contract("CT000001"),
                new: contract("CT000001", status: "SUSPENDED")
            )
            _ = try journal.append([change, update], at: "2026-11-22T10:00:00.000Z", after: applied)

            let reader = FileTableStore(root: root)
            #expect(try reader.getItem(table: Self.table, key: ["contract_id": "CT000002"]) == contract("CT000002"))
            #expect(try reader.getItem(table: Self.table, key: ["contract_id": "CT000001"])?["status"] == "SUSPENDED")
            let suspended = try reader.query(
                QueryRequest(table: Self.table, index: "status-value-index", partitionKey: "SUSPENDED")
            )
            #expect(suspended.items.map { $0["contract_id"] } == ["CT000001"])
            #expect(
                try reader.query(QueryRequest(table: Self.table, index: "status-value-index", partitionKey: "ACTIVE"))
                    .items.count == 1
            )
            #expect(try journal.isBehind(journal.applied()) == false)
        }
    }

    static func inode(_ path: String) throws -> UInt64 {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    @Test
    func aChangedItemThatFitsItsFileIsRewrittenInPlaceAndALargerOneGetsANewFile() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root)
            try store.createTable(Tables.contracts)
            try store.putItem(table: Self.table, item: contract("CT000001"), condition: nil)
            let file = root.appendingPathComponent("\(Self.table)/items/CT000001.json").path
            let first = try Self.inode(file)
            _ = try store.updateItem(
                table: Self.table,
                key: ["contract_id": "CT000001"],
                actions: [.set("status", "SUSPENDED")],
                condition: nil
            )
            #expect(try Self.inode(file) == first)
            #expect(try store.getItem(table: Self.table, key: ["contract_id": "CT000001"])?["status"] == "SUSPENDED")
            // Shorter: the old bytes past the new end are cut off.
            try store.putItem(table: Self.table, item: ["contract_id": "CT000001"], condition: nil)
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: file))
                    == JSON.encodePretty(["contract_id": "CT000001"] as Item)
            )
            // Larger than the file's blocks: written aside and renamed over it.
            let large = contract("CT000001", extra: ["notes": .string(String(repeating: "n", count: 20_000))])
            try store.putItem(table: Self.table, item: large, condition: nil)
            #expect(try Self.inode(file) != first)
            #expect(
                try FileTableStore(root: root).getItem(table: Self.table, key: ["contract_id": "CT000001"]) == large
            )
        }
    }

    @Test
    func anIndexEntryThatChangesPartitionIsMovedNotMadeAgain() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root)
            try store.createTable(Tables.contracts)
            try store.putItem(table: Self.table, item: contract("CT000001"), condition: nil)
            let index = root.appendingPathComponent("\(Self.table)/indexes/status-value-index")
            func entries(_ status: String) throws -> [String] {
                (try? FileManager.default.contentsOfDirectory(atPath: index.appendingPathComponent(status).path)) ?? []
            }
            let active = try #require(try entries("ACTIVE").first)
            let inode = try Self.inode(index.appendingPathComponent("ACTIVE/\(active)").path)
            try store.putItem(table: Self.table, item: contract("CT000001", status: "SUSPENDED"), condition: nil)
            #expect(try entries("ACTIVE").isEmpty)
            let suspended = try #require(try entries("SUSPENDED").first)
            #expect(try Self.inode(index.appendingPathComponent("SUSPENDED/\(suspended)").path) == inode)
            let query = QueryRequest(table: Self.table, index: "status-value-index", partitionKey: "SUSPENDED")
            #expect(try FileTableStore(root: root).query(query).items.map { $0["contract_id"] } == ["CT000001"])
            // The emptied partition goes with its last entry.
            #expect(!FileManager.default.fileExists(atPath: index.appendingPathComponent("ACTIVE").path))
        }
    }

    @Test
    func anItemFileReplacedByALinkIsReplacedNotWrittenThrough() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root)
            try store.createTable(Tables.contracts)
            try store.putItem(table: Self.table, item: contract("CT000001"), condition: nil)
            let file = root.appendingPathComponent("\(Self.table)/items/CT000001.json")
            let outside = root.appendingPathComponent("outside.json")
            // The item as it was, padded: room for the new one, were it written through the link.
            let bytes = try JSON.encodePretty(contract("CT000001")) + Data(String(repeating: " ", count: 3000).utf8)
            try bytes.write(to: outside)
            try FileManager.default.removeItem(at: file)
            try FileManager.default.createSymbolicLink(at: file, withDestinationURL: outside)
            try store.putItem(table: Self.table, item: contract("CT000001", status: "SUSPENDED"), condition: nil)
            #expect(try Data(contentsOf: outside) == bytes)
            let kind = try FileManager.default.attributesOfItem(atPath: file.path)[.type] as? FileAttributeType
            #expect(kind == .typeRegular)
            #expect(try store.getItem(table: Self.table, key: ["contract_id": "CT000001"])?["status"] == "SUSPENDED")
        }
    }

    @Test
    func aRewriteTornByAKillIsWrittenAgainByTheNextReader() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root)
            try store.createTable(Tables.contracts)
            try store.putItem(table: Self.table, item: contract("CT000001"), condition: nil)
            let journal = Self.journal(root)
            let before = try Data(contentsOf: URL(fileURLWithPath: journal.appliedFile))
            try store.putItem(table: Self.table, item: contract("CT000001", status: "SUSPENDED"), condition: nil)
            // The writer's line is committed; it died with half the new bytes over the old ones.
            let file = root.appendingPathComponent("\(Self.table)/items/CT000001.json")
            let written = try Data(contentsOf: file)
            try written.prefix(written.count / 2).write(to: file)
            try before.write(to: URL(fileURLWithPath: journal.appliedFile))

            let reader = FileTableStore(root: root)
            #expect(try reader.getItem(table: Self.table, key: ["contract_id": "CT000001"])?["status"] == "SUSPENDED")
            #expect(try Data(contentsOf: file) == written)
        }
    }

    @Test
    func aLineCutShortByAKillIsDroppedAndTheNextCommitFollowsIt() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root)
            try store.createTable(Tables.contracts)
            try store.putItem(table: Self.table, item: contract("CT000001"), condition: nil)
            let journal = Self.journal(root)
            let path = journal.segmentPath(try #require(try journal.segments().last))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            handle.seekToEndOfFile()
            handle.write(Data("{\"sequence\":2,\"time\":\"2026-11-22T10:00:00.000Z\",\"changes\":[{\"key\"".utf8))
            try handle.close()

            let next = FileTableStore(root: root)
            try next.putItem(table: Self.table, item: contract("CT000003"), condition: nil)
            #expect(try next.getItem(table: Self.table, key: ["contract_id": "CT000003"]) != nil)
            let lines = try Self.segment(root).split(separator: "\n")
            #expect(lines.count == 2 && lines[1].hasPrefix("{\"sequence\":2,"))
        }
    }

    @Test
    func afterAMachineStopEveryLineAfterTheCheckpointIsAppliedAgain() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root)
            try store.createTable(Tables.contracts)
            for number in 1...3 {
                try store.putItem(table: Self.table, item: contract("CT00000\(number)"), condition: nil)
            }
            // The machine stopped: files written since the checkpoint may be lost, and the marker is from another boot.
            let journal = Self.journal(root)
            var applied = try #require(try journal.applied())
            applied.bootId = "another-boot"
            try JSON.encode(applied).write(to: URL(fileURLWithPath: journal.appliedFile))
            try FileManager.default.removeItem(at: root.appendingPathComponent("\(Self.table)/items/CT000002.json"))

            let reader = FileTableStore(root: root)
            #expect(try reader.getItem(table: Self.table, key: ["contract_id": "CT000002"]) == contract("CT000002"))
            let checkpoint = try #require(try journal.checkpoint())
            #expect(checkpoint.offset == applied.offset && checkpoint.segment == applied.segment)
            #expect(try journal.applied()?.bootId == BootIdentity.current)
        }
    }

    @Test
    func segmentsRotateWithACheckpointAndTheStreamReadsAcrossThem() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root, segmentLimit: 2048)
            let definition = Tables.contracts.withStream(.newAndOldImages)
            try store.createTable(definition)
            for number in 1...40 {
                try store.putItem(table: Self.table, item: contract(String(format: "CT%06d", number)), condition: nil)
            }
            let journal = Self.journal(root)
            #expect(try journal.segments().count > 3)
            #expect(try journal.checkpoint() != nil)
            let shard = try #require(try store.shards(table: Self.table).first)
            var position = StreamPosition(shardId: shard.shardId, sequenceNumber: nil)
            var seen: [String] = []
            while true {
                let page = try store.records(table: Self.table, after: position, limit: 7)
                guard let last = page.last else { break }
                seen += page.compactMap {
                    $0.change.keys["contract_id"].flatMap { if case .string(let id) = $0 { id } else { nil } }
                }
                position.sequenceNumber = last.change.sequenceNumber
            }
            #expect(seen == (1...40).map { String(format: "CT%06d", $0) })
        }
    }

    @Test
    func aStreamHoldsOnlyChangesMadeAfterItWasEnabled() async throws {
        try await withTemporaryDirectory { root in
            let store = FileTableStore(root: root)
            try store.createTable(Tables.contracts)
            try store.putItem(table: Self.table, item: contract("CT000001"), condition: nil)
            try store.createTable(Tables.contracts.withStream(.newAndOldImages))
            try store.putItem(table: Self.table, item: contract("CT000002"), condition: nil)
            let reopened = FileTableStore(root: root)
            let shard = try #require(try reopened.shards(table: Self.table).first)
            let records = try reopened.records(
                table: Self.table,
                after: StreamPosition(shardId: shard.shardId, sequenceNumber: nil),
                limit: 10
            )
            #expect(records.map { $0.change.keys["contract_id"] } == [.string("CT000002")])
        }
    }
}
