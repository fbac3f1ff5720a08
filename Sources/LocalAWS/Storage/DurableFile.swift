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

    /// How many durable writes this process made (the benchmark relates a flow's cost to them).
    public static var writeCount: Int { counter.value }
    private static let counter = WriteCounter()

    /// Atomically replaces `url` with `data`, creating parent directories as needed; `permissions`
    /// apply from the first byte (0600 for secrets), before the umask.
    public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644) throws {
        counter.increment()
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
            let count = buffer.withUnsafeMutableBytes { SystemCalls.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StorageError.io("read \(url.path)", errno)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// Creates a directory and its parents; each new entry is made durable in its parent (not
    /// only the last: a lost intermediate directory would lose everything written under it).
    public static func createDirectory(_ url: URL) throws {
        var missing: [URL] = []
        var current = url.standardizedFileURL
        while !isDirectory(current) {
            missing.append(current)
            let parent = current.deletingLastPathComponent()
            guard parent.path != current.path else { break }
            current = parent
        }
        for directory in missing.reversed() {
            // Another process may create it at the same moment: that is as good.
            guard mkdir(directory.path, 0o755) == 0 || errno == EEXIST else { throw StorageError.io("mkdir \(directory.path)", errno) }
            try syncDirectory(directory.deletingLastPathComponent())
        }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var status = stat()
        return stat(url.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
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
                let written = SystemCalls.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.io("write", errno)
                }
                offset += written
            }
        }
    }
}

private final class WriteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
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
