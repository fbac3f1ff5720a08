import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a file (flock), held across processes: the stand-ins take it
/// around every read-check-write so a conditional write is atomic with every other writer.
/// flock locks belong to the open file description, so two holders in one process exclude
/// each other too. The kernel releases the lock when a holder dies, so a killed process never
/// leaves a stale lock.
public enum FileLock {
    /// Runs `body` while holding the lock on `url` (created if absent).
    public static func withLock<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        try DurableFile.createDirectory(url.deletingLastPathComponent())
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError.io("open lock \(url.path)", errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw StorageError.io("flock \(url.path)", errno) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Runs `body` while holding a shared lock on `url`, which must exist: readers of a state
    /// that may be read-only open it for reading only.
    public static func withSharedLock<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageError.io("open lock \(url.path)", errno) }
        defer { close(fd) }
        while flock(fd, LOCK_SH) != 0 {
            guard errno == EINTR else { throw StorageError.io("flock \(url.path)", errno) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
