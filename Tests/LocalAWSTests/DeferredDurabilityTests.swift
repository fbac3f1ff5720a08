import Foundation
import LocalAWS
import Testing

/// A scope that ends with one syncfs: the writes inside it skip their fsyncs, are whole and
/// visible at once, and are made durable together when the scope ends, whether it answered or threw.
@Suite("DeferredDurability")
struct DeferredDurabilityTests {
    struct Refused: Error {}

    @Test func writesInAScopeEndingInASyncfsCostOneSyncTogether() async throws {
        let scratch = ScratchDirectory("testex-deferred")
        defer { scratch.remove() }
        let files = (0..<10).map { scratch.url.appendingPathComponent("f\($0).json") }
        let (_, alone) = try await SyncTally.counting {
            for file in files { try DurableFile.write(Data("{}".utf8), to: file) }
        }
        #expect(alone >= 20, "each write and its directory: \(alone)")
        let (_, together) = try await SyncTally.counting {
            try await DeferredDurability.batch(syncingAt: scratch.url) {
                for file in files { try DurableFile.write(Data("[1]".utf8), to: file) }
            }
        }
        #expect(together == 1)
        #expect(files.allSatisfy { (try? Data(contentsOf: $0)) == Data("[1]".utf8) })
    }

    @Test func aScopeThatThrowsStillSyncsWhatItWroteAndThrows() async throws {
        let scratch = ScratchDirectory("testex-deferred")
        defer { scratch.remove() }
        let file = scratch.url.appendingPathComponent("f.json")
        let (_, syncs) = try await SyncTally.counting {
            await #expect(throws: Refused.self) {
                try await DeferredDurability.batch(syncingAt: scratch.url) {
                    try DurableFile.write(Data("{}".utf8), to: file)
                    throw Refused()
                }
            }
        }
        #expect(syncs == 1)
        #expect(FileManager.default.fileExists(atPath: file.path))
    }
}
