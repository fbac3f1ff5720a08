import Foundation

#if canImport(Glibc)
import Glibc
import CPlatform
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls that change files, in one place: every write path of the stand-ins goes
/// through here, so each call can fail by injection (`StorageFaults`) as it can fail for real,
/// and the platform differences stay in this file.
enum FileCalls {
    /// Opens (and with `O_CREAT` creates) a file.
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) throws -> Int32 {
        if flags & O_CREAT != 0 { try StorageFaults.check("create", path) }
        let fd = SystemCalls.open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw StorageError.io("open \(path)", errno) }
        return fd
    }

    /// Writes every byte; on failure some bytes may have been written.
    static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try StorageFaults.check("write", path)
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = SystemCalls.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.io("write \(path)", errno)
                }
                offset += written
            }
        }
    }

    /// Makes a file's bytes (and, with `metadata`, its other attributes) durable.
    static func sync(_ fd: Int32, path: String, metadata: Bool = true) throws {
        try StorageFaults.check("fsync", path)
        SyncTally.record()
        #if os(Linux)
        let result = metadata ? fsync(fd) : fdatasync(fd)
        #else
        let result = fsync(fd)
        #endif
        guard result == 0 else { throw StorageError.io("fsync \(path)", errno) }
    }

    /// Makes every change to the file system holding `path` durable: Linux's syncfs, or sync
    /// where the system has no such call.
    static func syncFileSystem(containing path: String) throws {
        try StorageFaults.check("syncfs", path)
        SyncTally.record()
        #if os(Linux)
        let fd = SystemCalls.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StorageError.io("open directory \(path)", errno) }
        defer { close(fd) }
        guard syncfs(fd) == 0 else { throw StorageError.io("syncfs \(path)", errno) }
        #else
        sync()
        #endif
    }

    static func rename(_ source: String, _ target: String) throws {
        try StorageFaults.check("rename", target)
        guard SystemCalls.rename(source, target) == 0 else { throw StorageError.io("rename to \(target)", errno) }
    }

    /// Removes a file; false when it was already absent.
    @discardableResult
    static func unlink(_ path: String) throws -> Bool {
        try StorageFaults.check("unlink", path)
        if SystemCalls.unlink(path) != 0 {
            if errno == ENOENT { return false }
            throw StorageError.io("unlink \(path)", errno)
        }
        return true
    }

    /// Creates a directory; true when this call made it, false when it already existed.
    @discardableResult
    static func mkdir(_ path: String) throws -> Bool {
        try StorageFaults.check("mkdir", path)
        if SystemCalls.mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST { return false }
        throw StorageError.io("mkdir \(path)", errno)
    }

    /// Replaces a small file's bytes in place (created if absent, unless `creating` is false),
    /// without fsync: for files only lock holders read, where a new inode per write would cost
    /// more than the write.
    static func overwrite(_ path: String, with data: Data, creating: Bool = true) throws {
        let fd = try open(path, creating ? O_WRONLY | O_CREAT : O_WRONLY | O_NOFOLLOW)
        defer { close(fd) }
        try StorageFaults.check("write", path)
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard pwrite(fd, buffer.baseAddress, buffer.count, 0) == buffer.count else {
                throw StorageError.io("write \(path)", errno)
            }
        }
        try truncate(fd, to: Int64(data.count), path: path)
    }

    /// Cuts a file back to `length` bytes (the tail of an append that failed or was torn).
    static func truncate(_ fd: Int32, to length: Int64, path: String) throws {
        guard ftruncate(fd, off_t(length)) == 0 else { throw StorageError.io("truncate \(path)", errno) }
    }

    /// The size of an open file.
    static func size(_ fd: Int32, path: String) throws -> Int64 {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw StorageError.io("stat \(path)", errno) }
        return Int64(status.st_size)
    }

    /// Which file an open descriptor is, as the device and inode numbers that stay its own
    /// through renames (a path may come to name another file), with its birth time where the
    /// file system keeps one (a deleted file's inode number may be given to the next file made).
    static func identity(_ fd: Int32, path: String) throws -> FileIdentity {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw StorageError.io("stat \(path)", errno) }
        #if os(Linux)
        let born = Int64(testex_birth_time(fd))
        #else
        let born = Int64(status.st_birthtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_birthtimespec.tv_nsec)
        #endif
        return FileIdentity(
            device: UInt64(status.st_dev),
            inode: UInt64(status.st_ino),
            born: born,
            size: Int64(status.st_size)
        )
    }

    /// The bytes the file system has set aside for a file's data (whole blocks), or nil when
    /// there is no such regular file (a symbolic link is not followed): what it can be rewritten
    /// with in place without allocating.
    static func allocatedBytes(_ path: String) -> Int64? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(status.st_blocks) * 512
    }

    /// Reads up to `count` bytes at `offset`.
    static func read(_ fd: Int32, count: Int, at offset: Int64, path: String) throws -> Data {
        var data = Data(count: count)
        var filled = 0
        try data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            while filled < count {
                let got = pread(fd, buffer.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.io("read \(path)", errno)
                }
                if got == 0 { break }
                filled += got
            }
        }
        return filled == count ? data : data.prefix(filled)
    }
}

/// A file as the kernel knows it (device, inode and birth time, 0 where unknown), and its size
/// when it was asked.
struct FileIdentity: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
    var born: Int64
    var size: Int64

    func isSameFile(as other: FileIdentity) -> Bool {
        device == other.device && inode == other.inode && born == other.born
    }
}
