import Foundation
import LocalAWS
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// What a campaign's durability costs: a batch Task's transactions are made durable together, by
/// one syncfs before the execution records the Task done, and the queue's claims and completions
/// are not fsync'd; what is left per row is the one write of SES's delivery notification.
@Suite("Campaign durability: one sync per batch, not per row")
struct CampaignDurabilityTests {
    static let rows = 50
    static let now = Timestamp.parse("2026-11-22T10:00:00Z")!

    @Test func aCampaignBatchOfFiftyRowsMakesFewerSyncsThanRowsBeyondItsDeliveryNotices() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let state = StateDirectory(root: harness.state)
        let system = LocalSystem.open(
            state: state,
            configuration: Configuration(timeoutScale: 20),
            clock: .constant(Self.now),
            keys: try state.signingKeys()
        )
        let ids = try await copies(of: "CT001ABC", count: Self.rows, in: system)
        _ = try await system.drain()
        let file = harness.state.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).csv")
        try Data(("contract_id\n" + ids.joined(separator: "\n") + "\n").utf8).write(to: file)
        let created = await harness.run(
            "--no-drain",
            "api",
            "POST",
            "/api/campaigns",
            "--as",
            "admin",
            "--body",
            try JSON.string(["csv": try String(contentsOf: file, encoding: .utf8), "reason": "PRODUCT_DISCONTINUED"])
        )
        try #require(created.code == 0, "\(created.stdout) \(created.stderr)")
        let (_, syncs) = try await SyncTally.counting { try await system.drain() }
        let contracts = try await system.allItems(of: Tables.contracts).map { try $0.decode(Contract.self) }
        #expect(contracts.filter { ids.contains($0.contractId) }.allSatisfy { $0.status == .terminated })
        #expect(try await system.queue.pending().isEmpty)
        // Per row: the delivery notification's one write. Before, also each row's commit and
        // three fsyncs of its queue item (about 5 per row).
        #expect(syncs < Self.rows + 30, "\(syncs) sync calls for \(Self.rows) rows")
        #expect(syncs >= Self.rows, "each delivery notification's write is durable: \(syncs)")
    }

    /// `count` ACTIVE copies of a sample contract under new ids, written through the table store.
    private func copies(of id: String, count: Int, in system: LocalSystem) async throws -> [String] {
        let table = system.services.tableName(Tables.contracts)
        let original = try #require(try await system.tables.getItem(table: table, key: ["contract_id": .string(id)]))
        var ids: [String] = []
        for index in 0..<count {
            let copy = String(format: "CTDU%04d", index)
            var item = original
            item["contract_id"] = .string(copy)
            item["status"] = .string("ACTIVE")
            try await system.tables.putItem(table: table, item: item, condition: nil)
            ids.append(copy)
        }
        return ids
    }
}
