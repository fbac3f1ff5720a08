import Foundation

/// A value behind a lock: the one lock box of the package, for state that concurrent callers
/// share (counters, caches, tables of held claims). `Synchronization.Mutex` would do, but it
/// needs macOS 15 and the package supports macOS 14.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension Locked where Value == Int {
    /// Adds one and answers the new count.
    public func increment() -> Int {
        withLock {
            $0 += 1
            return $0
        }
    }
}
