import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CloudWatch Logs stand-in as plain text files: `<root>/<group>/<stream>.log`, one event
/// per line, names percent-encoded (`/aws/lambda/development-testex-api-gateway` becomes
/// `%2Faws%2Flambda%2Fdevelopment-testex-api-gateway`, `2026/11/22/[$LATEST]9f...` becomes
/// `2026%2F11%2F22%2F[$LATEST]9f....log`), so `tail -f` works on them.
///
/// Appends are the one write of the stand-ins that does not go through `DurableFile`'s
/// write-and-rename: rewriting a whole log per line would be quadratic. Instead each append is
/// one `write` on a descriptor opened with `O_APPEND`, made under the group's flock
/// (`<root>/<group>/.lock`), not fsynced (see `appendPayload`). Under the lock no other appender interleaves, and
/// `O_APPEND` puts every byte after the previous end. A crash mid-write can leave only a final
/// line without its `\n`: readers ignore such a line, and the next append cuts it off first.
public struct FileLogStore: LogStore {
    /// The directory holding one directory per group.
    public let root: URL

    /// A store under `root` (created on first append).
    public init(root: URL) {
        self.root = root
    }

    public func append(group: String, stream: String, lines: [String]) async throws {
        try LogStoreRules.validateGroup(group)
        try LogStoreRules.validateStream(stream)
        let directory = root.appendingPathComponent(try LogLines.fileName(group), isDirectory: true)
        let file = directory.appendingPathComponent(try LogLines.fileName(stream) + ".log")
        let split = LogLines.split(lines)
        guard !split.isEmpty else { return }
        let payload = Data(split.map { $0 + "\n" }.joined().utf8)
        try DurableFile.createDirectory(directory)
        try FileLock.withLock(directory.appendingPathComponent(".lock")) {
            try appendPayload(payload, to: file, in: directory)
        }
    }

    public func read(group: String, stream: String?) async throws -> [LogEvent] {
        guard let directory = try? root.appendingPathComponent(LogLines.fileName(group), isDirectory: true) else {
            return []
        }
        if let stream {
            guard let name = try? LogLines.fileName(stream) else { return [] }
            return try lines(of: directory.appendingPathComponent(name + ".log")).map {
                LogEvent(stream: stream, line: $0)
            }
        }
        let streams = try streamNames(in: directory)
        return LogLines.merge(
            try streams.map { name in
                (name, try lines(of: directory.appendingPathComponent(LogLines.fileName(name) + ".log")))
            }
        )
    }

    /// Reads only the end of each stream's file, so `logs --tail` stays fast on a long-used state.
    public func tail(group: String, count: Int) async throws -> [LogEvent] {
        guard count > 0, let directory = groupDirectory(group) else { return [] }
        let streams = try streamNames(in: directory).map { name in
            let file = directory.appendingPathComponent(try LogLines.fileName(name) + ".log")
            return (name, try LogFileTail.lastLines(of: file, count: count))
        }
        return Array(LogLines.merge(streams).suffix(count))
    }

    public func deleteStreams(group: String, lastEventBefore cutoff: Date) async throws {
        guard let directory = groupDirectory(group) else { return }
        for name in try streamNames(in: directory) {
            let file = directory.appendingPathComponent(try LogLines.fileName(name) + ".log")
            guard LogLines.isExpired(try LogFileTail.lastLines(of: file, count: 1), before: cutoff) else { continue }
            try FileLock.withLock(directory.appendingPathComponent(".lock")) {
                // Checked again under the lock: another process may have appended meanwhile.
                if LogLines.isExpired(try LogFileTail.lastLines(of: file, count: 1), before: cutoff) {
                    _ = try DurableFile.remove(file)
                }
            }
        }
    }

    private func groupDirectory(_ group: String) -> URL? {
        try? root.appendingPathComponent(LogLines.fileName(group), isDirectory: true)
    }

    public func groups() async throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.compactMap(PathComponent.decode).sorted()
    }

    public func streams(group: String) async throws -> [String] {
        guard let name = try? LogLines.fileName(group) else { return [] }
        return try streamNames(in: root.appendingPathComponent(name, isDirectory: true))
    }

    private func streamNames(in directory: URL) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0.hasByteSuffix(".log") }
            .compactMap { PathComponent.decode(String($0.utf8.dropLast(4))!) }
            .sorted()
    }

    /// Complete lines only: a last line without `\n` is an append still in progress or torn.
    private func lines(of file: URL) throws -> [String] {
        guard let data = try DurableFile.read(file) else { return [] }
        return data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    private func appendPayload(_ payload: Data, to file: URL, in directory: URL) throws {
        let fd = open(file.path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError.io("open \(file.path)", errno) }
        defer { close(fd) }
        try cutTornLine(fd, file)
        try payload.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = SystemCalls.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.io("append to \(file.path)", errno)
                }
                offset += written
            }
        }
        // No fsync: log lines are diagnostics, not acknowledged writes, and an fsync per
        // invocation would double the cost of a request. The kernel writes them out soon; a
        // power loss can drop the newest lines but never damages earlier ones.
    }

    /// Truncates a final line left without `\n` by an append that did not finish.
    private func cutTornLine(_ fd: Int32, _ file: URL) throws {
        var end = lseek(fd, 0, SEEK_END)
        guard end > 0 else { return }
        var byte: UInt8 = 0
        guard pread(fd, &byte, 1, end - 1) == 1 else { throw StorageError.io("read \(file.path)", errno) }
        guard byte != 0x0A else { return }
        while end > 0 {
            end -= 1
            guard pread(fd, &byte, 1, end) == 1 else { throw StorageError.io("read \(file.path)", errno) }
            if byte == 0x0A {
                end += 1
                break
            }
        }
        guard ftruncate(fd, end) == 0 else { throw StorageError.io("truncate \(file.path)", errno) }
    }
}
