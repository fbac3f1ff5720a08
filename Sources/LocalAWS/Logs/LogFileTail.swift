import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The end of a log file, read backwards in blocks: the cost follows the lines asked for, not
/// the file's size.
enum LogFileTail {
    static let blockSize = 64 * 1024

    /// The file's last `count` complete lines (a final line without `\n` is an append in
    /// progress or torn, and is left out); empty when the file does not exist.
    static func lastLines(of file: URL, count: Int) throws -> [String] {
        guard count > 0 else { return [] }
        let fd = open(file.path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw StorageError.io("open \(file.path)", errno)
        }
        defer { close(fd) }
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return [] }
        var buffer = [UInt8]()
        var offset = size
        // count + 1 newlines: the one ending the line before the first wanted, and the last one.
        while offset > 0, buffer.lazy.filter({ $0 == 0x0A }).count <= count {
            let length = Int(min(Int64(blockSize), Int64(offset)))
            offset -= off_t(length)
            var block = [UInt8](repeating: 0, count: length)
            let read = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, offset) }
            guard read == length else { throw StorageError.io("read \(file.path)", errno) }
            buffer = block + buffer
        }
        guard let lastNewline = buffer.lastIndex(of: 0x0A) else { return [] }
        let complete = buffer[..<lastNewline]
        var lines = complete.split(separator: 0x0A, omittingEmptySubsequences: false)
        // Without reaching the file's start, the first piece may be the end of an earlier line.
        if offset > 0 { lines.removeFirst() }
        return lines.suffix(count).map { String(decoding: $0, as: UTF8.self) }
    }
}
