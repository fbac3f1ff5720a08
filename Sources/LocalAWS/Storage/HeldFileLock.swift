import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive flock on one existing file, taken without waiting and held until `release`
/// (or until the process dies, when the kernel drops it): how a consumer marks a queue item as
/// its own across processes. The lock belongs to the file, not the name, so it follows renames.
final class HeldFileLock: @unchecked Sendable {
    /// The locked file's descriptor; -1 once released.
    private let descriptor: Locked<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Locked(descriptor)
    }

    /// The lock on the file at `path`, or nil when the file is absent or another holder has it.
    static func take(_ path: String) throws -> HeldFileLock? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw StorageError.io("open \(path)", errno)
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw StorageError.io("flock \(path)", code)
        }
        let held = HeldFileLock(descriptor: fd)
        // The name may have moved on to another file between open and flock.
        guard held.isStill(at: path) else {
            held.release()
            return nil
        }
        return held
    }

    /// The lock on the file at `path` (created if absent), waiting for another holder to let go.
    static func acquire(_ path: String) throws -> HeldFileLock {
        try DurableFile.createDirectory(URL(fileURLWithPath: (path as NSString).deletingLastPathComponent))
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError.io("open lock \(path)", errno) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let code = errno
                close(fd)
                throw StorageError.io("flock \(path)", code)
            }
        }
        return HeldFileLock(descriptor: fd)
    }

    /// Whether `path` still names the locked file.
    func isStill(at path: String) -> Bool {
        descriptor.withLock { descriptor in
            var held = stat()
            var named = stat()
            guard descriptor >= 0, fstat(descriptor, &held) == 0, held.st_nlink > 0, stat(path, &named) == 0 else {
                return false
            }
            return held.st_ino == named.st_ino && held.st_dev == named.st_dev
        }
    }

    func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit {
        descriptor.withLock { if $0 >= 0 { close($0) } }
    }
}
