import Foundation

/// Writes made while a stream batch is handled, made durable together: inside `batch`, the write
/// path skips its fsyncs (each write is still whole and visible, and survives the process being
/// killed, since the kernel holds it), and when the batch's work is done one syncfs makes all of
/// it durable. The batch's checkpoint is written after that, so a machine that stops before it
/// delivers the batch again, as Lambda delivers a batch whose function did not finish; the
/// consumers are idempotent, as Lambda requires of them.
public final class DeferredDurability: @unchecked Sendable {
    @TaskLocal static var current: DeferredDurability?

    private let root: String
    private let lock = NSLock()
    private var written = false

    private init(root: String) {
        self.root = root
    }

    /// Runs `body` with fsyncs deferred, then makes what it wrote under `root` durable (also when
    /// `body` throws: a failed attempt's writes are as good as a successful one's).
    public static func batch<T: Sendable>(root: URL, _ body: () async throws -> T) async throws -> T {
        let scope = DeferredDurability(root: root.path)
        let result: Result<T, Error>
        do {
            result = .success(try await $current.withValue(scope) { try await body() })
        } catch {
            result = .failure(error)
        }
        try scope.flush()
        return try result.get()
    }

    /// Whether a write happens inside a batch; the writer then notes it instead of syncing.
    static func defers() -> Bool {
        guard let scope = current else { return false }
        scope.lock.withLock { scope.written = true }
        return true
    }

    private func flush() throws {
        guard lock.withLock({ written }) else { return }
        try FileCalls.syncFileSystem(containing: root)
    }
}
