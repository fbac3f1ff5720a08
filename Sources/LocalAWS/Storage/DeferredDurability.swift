import Foundation

/// Writes whose durability comes later: inside a scope, the write path skips its fsyncs. Each
/// write is still whole (written aside and renamed into place), visible at once, and survives
/// the process being killed, since the kernel holds it; what a machine stop may lose is made
/// good by the caller, which knows how. The stream poller is the one caller: it runs each batch
/// of closing steps in a scope and makes them durable together at its checkpoints' durable
/// points (`FileStreamCheckpoints`); a machine stop before one delivers the batches again.
public enum DeferredDurability {
    @TaskLocal static var active = false

    /// Runs `body` with fsyncs deferred.
    public static func batch<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await $active.withValue(true) { try await body() }
    }

    /// Whether a write happens inside a scope, and so skips its fsyncs.
    static func defers() -> Bool {
        active
    }
}
