import Foundation
import Shared
import Testing

@testable import LocalAWS

/// Checkpoints that cost no fsync per batch: durable every so many batches, and rewound to the
/// durable place after a machine stop, so the batches after it are delivered again.
@Suite("FileStreamCheckpoints")
struct FileStreamCheckpointsTests {
    static func position(_ number: UInt64) -> StreamPosition {
        StreamPosition(shardId: "shardId-1", sequenceNumber: LocalStream.sequenceNumber(number))
    }

    @Test func aCheckpointIsReadBackAndIsDurableEveryFewBatches() async throws {
        try await withTemporaryDirectory { root in
            let checkpoints = FileStreamCheckpoints(
                root: root.appendingPathComponent("streams"),
                durabilityRoot: root,
                durableEvery: 3,
                durableAfter: 3600
            )
            #expect(try checkpoints.position(mapping: "m", shard: "shardId-1") == nil)
            let durable = root.appendingPathComponent("streams/m/shardId-1.durable.json")
            var places: [UInt64] = []
            for number: UInt64 in 1...7 {
                try checkpoints.save(Self.position(number), mapping: "m")
                let text = try String(contentsOf: durable, encoding: .utf8)
                places.append((1...number).last { text.contains(LocalStream.sequenceNumber($0)) } ?? 0)
            }
            #expect(try checkpoints.position(mapping: "m", shard: "shardId-1") == Self.position(7))
            // The first save (no durable place yet) and every third after it.
            #expect(places == [1, 1, 1, 4, 4, 4, 7])
        }
    }

    @Test func afterAMachineStopThePollerStartsFromTheDurablePlace() async throws {
        try await withTemporaryDirectory { root in
            let checkpoints = FileStreamCheckpoints(
                root: root.appendingPathComponent("streams"),
                durabilityRoot: root,
                durableEvery: 10,
                durableAfter: 3600
            )
            for number: UInt64 in 1...5 { try checkpoints.save(Self.position(number), mapping: "m") }
            let file = root.appendingPathComponent("streams/m/shardId-1.json")
            var checkpoint = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
            )
            checkpoint["boot_id"] = "another-boot"
            try JSONSerialization.data(withJSONObject: checkpoint).write(to: file)
            #expect(
                try checkpoints.position(mapping: "m", shard: "shardId-1") == Self.position(1),
                "batches 2 to 5 are delivered again"
            )
            try Data().write(to: file)
            #expect(
                try checkpoints.position(mapping: "m", shard: "shardId-1") == Self.position(1),
                "a checkpoint lost with the machine"
            )
        }
    }
}
