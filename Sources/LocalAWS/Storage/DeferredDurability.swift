import Foundation

/// Writes whose durability comes later: inside a scope, the write path skips its fsyncs. Each
/// write is still whole (written aside and renamed into place), visible at once, and survives
/// the process being killed, since the kernel holds it; what a machine stop may lose is made
/// good by the caller, which knows how. The stream poller runs each batch of closing steps in a
/// scope and makes them durable together at its checkpoints' durable points
/// (`FileStreamCheckpoints`); a machine stop before one delivers the batches again. A state
/// machine's Task runs in a scope that ends with one syncfs (`batch(syncingAt:)`), before the
/// execution records the Task done: a campaign batch's hundred transactions cost one sync, not
/// a hundred, and a machine stop before it runs the batch again (its rows are idempotent).
public enum DeferredDurability {
    @TaskLocal static var active = false

    /// Runs `body` with fsyncs deferred.
    public static func batch<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await $active.withValue(true) { try await body() }
    }

    /// Runs `body` with fsyncs deferred, then makes everything written meanwhile durable with one
    /// syncfs of the file system holding `root`, whether `body` answered or threw: a caller that
    /// records the outcome afterwards records it only once what led to it is durable.
    public static func batch<T: Sendable>(syncingAt root: URL, _ body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do {
            result = .success(try await batch(body))
        } catch {
            result = .failure(error)
        }
        try FileCalls.syncFileSystem(containing: root.path)
        return try result.get()
    }

    /// Whether a write happens inside a scope, and so skips its fsyncs.
    static func defers() -> Bool {
        active
    }
}
