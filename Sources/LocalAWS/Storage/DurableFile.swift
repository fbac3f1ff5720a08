import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one write path of every stand-in: write a temporary file beside the target, fsync it,
/// rename it over the target, fsync the directory. A reader sees the old bytes or the new bytes,
/// never a part; once `write` returns, the bytes survive the process being killed. The table
/// store stages its new files here too, without fsync: its journal is what makes them durable
/// (and it rewrites a changed item in place, under its lock, when the item fits its file).
public enum DurableFile {
    /// Temporary files carry this marker so listings skip them and `doctor` can clean them up.
    public static let temporaryMarker = ".tmp-"

    /// Whether a file name is a temporary file of an unfinished write.
    public static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(temporaryMarker)
    }

    /// How many fsync, fdatasync and syncfs calls this process made (the benchmark relates a
    /// flow's cost to them).
    public static var syncCalls: Int { syncCounter.withLock { $0 } }
    static let syncCounter = Locked(0)

    /// Atomically replaces `url` with `data`, creating parent directories as needed; `permissions`
    /// apply from the first byte (0600 for secrets), before the umask. Inside a
    /// `DeferredDurability` batch the fsyncs wait for the batch's end.
    public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644) throws {
        let directory = url.deletingLastPathComponent()
        try createDirectory(directory)
        let temporary = directory.path + "/\(temporaryMarker)\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = try FileCalls.open(temporary, O_WRONLY | O_CREAT | O_EXCL, permissions)
        let deferred = DeferredDurability.defers()
        do {
            try FileCalls.writeAll(fd, data, path: temporary)
            if !deferred { try FileCalls.sync(fd, path: temporary) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        do {
            try FileCalls.rename(temporary, url.path)
        } catch {
            unlink(temporary)
            throw error
        }
        if !deferred { try syncDirectory(directory) }
    }

    /// Removes a file durably (or, when `durable` is false, so that a killed process does not
    /// undo it, though a machine stop may); returns false when it was already absent.
    @discardableResult
    public static func remove(_ url: URL, durable: Bool = true) throws -> Bool {
        guard try FileCalls.unlink(url.path) else { return false }
        if durable, !DeferredDurability.defers() { try syncDirectory(url.deletingLastPathComponent()) }
        return true
    }

    /// The file's bytes, or nil when it does not exist.
    public static func read(_ url: URL) throws -> Data? {
        try PosixFiles.read(url.path)
    }

    /// Writes `data` to a new temporary file beside `target`, without fsync, and returns its path:
    /// the first half of a write whose durability comes from elsewhere (the table journal), which
    /// `FileCalls.rename` completes.
    static func stage(_ data: Data, besides target: String) throws -> String {
        let directory = (target as NSString).deletingLastPathComponent
        try createDirectory(URL(fileURLWithPath: directory), durable: false)
        let temporary = directory + "/\(temporaryMarker)\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = try FileCalls.open(temporary, O_WRONLY | O_CREAT | O_EXCL)
        defer { close(fd) }
        do {
            try FileCalls.writeAll(fd, data, path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// Creates an empty file (and its directory), without fsync: an index entry, which the table
    /// journal can always rebuild.
    static func createEmpty(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try createDirectory(URL(fileURLWithPath: directory), durable: false)
        do {
            close(try FileCalls.open(path, O_WRONLY | O_CREAT))
        } catch {
            // Best effort: a directory made for this file alone goes with it.
            rmdir(directory)
            throw error
        }
    }

    /// Creates a directory and its parents; each new entry is made durable in its parent (not
    /// only the last: a lost intermediate directory would lose everything written under it),
    /// unless `durable` is false (a directory the table journal can rebuild).
    public static func createDirectory(_ url: URL, durable: Bool = true) throws {
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
            try FileCalls.mkdir(directory.path)
            if durable, !DeferredDurability.defers() { try syncDirectory(directory.deletingLastPathComponent()) }
        }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var status = stat()
        return stat(url.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// fsyncs a directory so a rename or unlink inside it is durable.
    public static func syncDirectory(_ url: URL) throws {
        try syncDirectory(url.path)
    }

    static func syncDirectory(_ path: String) throws {
        let fd = try FileCalls.open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try FileCalls.sync(fd, path: path)
    }
}

/// A failure of the file system under a stand-in. To the API a full disk (or another refused
/// write) is a 503 that says so, and damaged files are an internal error.
public enum StorageError: Error, CustomStringConvertible, DomainErrorConvertible {
    case io(String, Int32)
    case corrupt(String)

    public var description: String {
        switch self {
        case .io(let what, let code): "\(what): \(String(cString: strerror(code)))"
        case .corrupt(let what): "corrupt state: \(what)"
        }
    }

    public var domainError: DomainError {
        switch self {
        case .io(_, let code) where code == ENOSPC || code == EDQUOT:
            .unavailable("the state directory's disk is full (\(String(cString: strerror(code)))): nothing was written")
        case .io(_, let code) where code == EROFS || code == EACCES:
            .unavailable(
                "the state directory cannot be written (\(String(cString: strerror(code)))): nothing was written"
            )
        case .io, .corrupt: .internal(description)
        }
    }
}
