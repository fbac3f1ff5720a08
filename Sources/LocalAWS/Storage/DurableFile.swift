import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one write path of every stand-in: write a temporary file beside the target, fsync it,
/// rename it over the target, fsync the directory. A reader sees the old bytes or the new bytes,
/// never a part; once `write` returns, the bytes survive the process being killed.
public enum DurableFile {
    /// Temporary files carry this marker so listings skip them and `doctor` can clean them up.
    public static let temporaryMarker = ".tmp-"

    /// Whether a file name is a temporary file of an unfinished write.
    public static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(temporaryMarker)
    }

    /// Atomically replaces `url` with `data`, creating parent directories as needed; `permissions`
    /// apply from the first byte (0600 for secrets), before the umask.
    public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644) throws {
        let directory = url.deletingLastPathComponent()
        try createDirectory(directory)
        let temporary = directory.appendingPathComponent("\(temporaryMarker)\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw StorageError.io("cannot create \(temporary.path)", errno) }
        do {
            try writeAll(fd, data)
            guard fsync(fd) == 0 else { throw StorageError.io("fsync \(temporary.path)", errno) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw StorageError.io("rename to \(url.path)", code)
        }
        try syncDirectory(directory)
    }

    /// Removes a file durably; returns false when it was already absent.
    @discardableResult
    public static func remove(_ url: URL) throws -> Bool {
        if unlink(url.path) != 0 {
            if errno == ENOENT { return false }
            throw StorageError.io("unlink \(url.path)", errno)
        }
        try syncDirectory(url.deletingLastPathComponent())
        return true
    }

    /// The file's bytes, or nil when it does not exist.
    public static func read(_ url: URL) throws -> Data? {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw StorageError.io("open \(url.path)", errno)
        }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StorageError.io("read \(url.path)", errno)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// Creates a directory and its parents; the new entries are made durable in their parents.
    public static func createDirectory(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try syncDirectory(url.deletingLastPathComponent())
    }

    /// fsyncs a directory so a rename or unlink inside it is durable.
    public static func syncDirectory(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageError.io("open directory \(url.path)", errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StorageError.io("fsync directory \(url.path)", errno) }
    }

    private static func writeAll(_ fd: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.io("write", errno)
                }
                offset += written
            }
        }
    }
}

/// A failure of the file system under a stand-in.
public enum StorageError: Error, CustomStringConvertible {
    case io(String, Int32)
    case corrupt(String)

    public var description: String {
        switch self {
        case .io(let what, let code): "\(what): \(String(cString: strerror(code)))"
        case .corrupt(let what): "corrupt state: \(what)"
        }
    }
}
