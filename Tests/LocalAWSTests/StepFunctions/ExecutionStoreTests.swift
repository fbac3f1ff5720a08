import Foundation
import Shared
import Testing
import WireFormat

@testable import LocalAWS

/// The file store answers which executions can go on by reading a few fields of each file: its
/// answer is the one every record, fully decoded, gives.
@Suite("Execution stores")
struct ExecutionStoreTests {
    static let names = StateMachineNames(region: "us-east-1", account: "123456789012", stateMachine: "m", startAt: "S")
    static let now = Date(timeIntervalSince1970: 1_795_428_000)

    /// Running, waiting until later, waiting until earlier, succeeded, failed: started out of order.
    static func records() -> [ExecutionRecord] {
        let input: JSONValue = ["id": 1]
        func record(_ name: String, startedAgo seconds: Double) -> ExecutionRecord {
            ExecutionRecord(
                executionArn: names.executionArn(name),
                name: name,
                stateMachineArn: names.stateMachineArn,
                startDate: Timestamp.string(now.addingTimeInterval(-seconds)),
                input: input,
                startAt: names.startAt
            )
        }
        var later = record("waits-later", startedAgo: 50)
        later.position?.waitUntil = Timestamp.string(now.addingTimeInterval(60))
        var earlier = record("waited-earlier", startedAgo: 40)
        earlier.position?.waitUntil = Timestamp.string(now.addingTimeInterval(-60))
        var succeeded = record("succeeded", startedAgo: 30)
        succeeded.status = .succeeded
        succeeded.position = nil
        var failed = record("failed", startedAgo: 20)
        failed.status = .failed
        failed.position = nil
        return [record("runs-b", startedAgo: 10), later, earlier, succeeded, failed, record("runs-a", startedAgo: 60)]
    }

    @Test func theFileStoresRunnableNamesAreTheRecordsThatCanGoOn() async throws {
        try await withTemporaryDirectory { root in
            let store = FileExecutionStore(root: root, names: Self.names, clock: { Self.now })
            try DurableFile.createDirectory(root)
            for record in Self.records() { try await store.save(record) }
            let decoded = try await store.executions()
                .filter { $0.status == .running && !$0.isWaiting(at: Self.now) }.map(\.name)
            #expect(decoded == ["runs-a", "waited-earlier", "runs-b"])
            #expect(try await store.runnableNames(at: Self.now) == decoded)
            let memory = MemoryExecutionStore(names: Self.names, clock: { Self.now })
            for record in Self.records() { try await memory.save(record) }
            #expect(try await memory.runnableNames(at: Self.now) == decoded)
        }
    }
}
