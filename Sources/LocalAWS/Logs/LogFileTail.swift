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
    static let firstBlockSize = 4 * 1024
    static let largestBlockSize = 1024 * 1024

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
        var offset = lseek(fd, 0, SEEK_END)
        guard offset > 0 else { return [] }
        var blocks: [[UInt8]] = []
        var newlines = 0
        var blockSize = firstBlockSize
        // count + 1 newlines: the one ending the line before the first wanted, and the last one.
        while offset > 0, newlines <= count {
            let length = Int(min(off_t(blockSize), offset))
            offset -= off_t(length)
            var block = [UInt8](repeating: 0, count: length)
            let read = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, offset) }
            guard read == length else { throw StorageError.io("read \(file.path)", errno) }
            newlines += block.withUnsafeBytes(countNewlines)
            blocks.append(block)
            blockSize = min(blockSize * 2, largestBlockSize)
        }
        var buffer = [UInt8]()
        buffer.reserveCapacity(blocks.reduce(0) { $0 + $1.count })
        for block in blocks.reversed() { buffer.append(contentsOf: block) }
        // Lines from the end: the bytes before the last `\n` (a final line without one is left
        // out), back to each previous `\n`; before the block's first `\n` is a partial line
        // unless the file's start was read.
        let reachedStart = offset == 0
        return buffer.withUnsafeBytes { bytes -> [String] in
            guard var end = lastIndex(of: 0x0A, in: bytes, before: bytes.count) else { return [] }
            var lines: [String] = []
            while lines.count < count {
                let previous = lastIndex(of: 0x0A, in: bytes, before: end)
                guard previous != nil || reachedStart else { break }
                let start = previous.map { $0 + 1 } ?? 0
                lines.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                guard let previous else { break }
                end = previous
            }
            return lines.reversed()
        }
    }

    private static func lastIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer, before end: Int) -> Int? {
        var index = end - 1
        while index >= 0 {
            if bytes[index] == byte { return index }
            index -= 1
        }
        return nil
    }

    private static func countNewlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard var cursor = bytes.baseAddress else { return 0 }
        let end = cursor + bytes.count
        var count = 0
        while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
            count += 1
            cursor = UnsafeRawPointer(found) + 1
        }
        return count
    }
}
