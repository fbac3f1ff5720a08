import Foundation
import Shared

/// The fsync-family calls (fsync, fdatasync, syncfs) made by one task and the tasks it starts,
/// counted while `counting` runs: what the tests hold a write path's durability cost to, without
/// strace and without counting the calls of tests running beside them (`DurableFile.syncCalls`
/// counts the whole process's).
public enum SyncTally {
    @TaskLocal static var current: Locked<Int>?

    /// Runs `body`, answering its result and the sync calls it made.
    public static func counting<T: Sendable>(_ body: () async throws -> T) async throws -> (result: T, syncs: Int) {
        let tally = Locked(0)
        let result = try await $current.withValue(tally) { try await body() }
        return (result, tally.withLock { $0 })
    }

    static func record() {
        _ = DurableFile.syncCounter.increment()
        _ = current?.increment()
    }
}
