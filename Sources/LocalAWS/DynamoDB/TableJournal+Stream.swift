import Foundation
import Shared

#if canImport(Glibc)
import Glibc
import CPlatform
#elseif canImport(Musl)
import Musl
import CPlatform
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a table's changes back out of the journal, as its stream: from a sequence number on,
/// found by a binary search over a segment's lines rather than by reading it all.
extension TableJournal {
    /// One change as a stream reads it.
    struct StreamedChange {
        let sequence: UInt64
        let time: String
        let change: ItemChange
    }

    /// Where a read of a table's stream ended: the journal holds no change of the table with a
    /// sequence after `after` and before the line that starts at `line` (in the segment file
    /// `segment`), so a later read after any sequence from `after` on may begin at that line
    /// instead of searching its segment. The store keeps these in memory; each is checked against
    /// the file it names before it is used (a state reset makes new segments under old names).
    struct StreamScan: Sendable {
        var after: UInt64
        var line: Position
        var segment: FileIdentity

        /// Whether `file`, open under the scan's segment name, is still the segment it was read
        /// from, with its line.
        func isStill(in file: FileIdentity) -> Bool {
            file.isSameFile(as: segment) && line.offset <= file.size
        }
    }

    /// At most `limit` changes of `table` after sequence `start`, oldest first, not reading past
    /// `end` (the applied position: lines after it are not committed yet as far as a reader knows),
    /// and where the read ended. Begins at `hint` when it is usable for `start`.
    func changes(
        of table: String,
        after start: UInt64,
        limit: Int,
        end: Position,
        resuming hint: StreamScan? = nil
    ) throws -> (changes: [StreamedChange], scan: StreamScan?) {
        var found: [StreamedChange] = []
        var scan: StreamScan?
        let names = try segments().filter { $0 <= end.segment }
        let hint = hint.flatMap { $0.after <= start && names.contains($0.line.segment) ? $0 : nil }
        let first =
            hint.flatMap { names.firstIndex(of: $0.line.segment) }
            ?? names.lastIndex { (UInt64($0.dropLast(Self.segmentSuffix.count)) ?? 0) <= start + 1 } ?? 0
        for name in names[first...] where found.count < limit {
            let path = segmentPath(name)
            let fd = try FileCalls.open(path, O_RDONLY)
            defer { close(fd) }
            let file = try FileCalls.identity(fd, path: path)
            if let hint, name == names[first], !hint.isStill(in: file) {
                // The state was made anew under this process: its journal is read afresh.
                return try changes(of: table, after: start, limit: limit, end: end)
            }
            let size = name == end.segment ? end.offset : file.size
            let from =
                name != names[first]
                ? 0
                : try hint?.line.offset ?? lastLine(in: fd, path: path, size: size, notAfter: start)
            if name == end.segment {
                scan = StreamScan(after: start, line: end, segment: file)
            }
            guard size > from else { continue }
            let data = try FileCalls.read(fd, count: Int(size - from), at: from, path: path)
            let segment = SegmentBytes(name: name, file: file, data: data, offset: from)
            if let stop = try segment.collect(table, after: start, limit: limit, into: &found) { scan = stop }
        }
        if found.count < limit, let last = found.last { scan?.after = last.sequence }
        return (found, scan)
    }

    /// Bytes read from a segment, from a line start on.
    private struct SegmentBytes {
        let name: String
        let file: FileIdentity
        let data: Data
        /// Where `data` begins in the segment.
        let offset: Int64

        /// Adds the table's changes after `start` to `found` until it holds `limit`; where the
        /// next read begins when the limit was reached inside these bytes.
        func collect(
            _ table: String,
            after start: UInt64,
            limit: Int,
            into found: inout [StreamedChange]
        ) throws -> StreamScan? {
            // Every change names its table as `"table":"<name>"` (names need no escaping): a line
            // without that text holds no change of the table and is not parsed.
            let mention = Array("\"table\":\"\(table)\"".utf8)
            var lineStart = data.startIndex
            while found.count < limit, let newline = ByteSearch.index(of: 0x0A, in: data, from: lineStart) {
                let range = lineStart..<newline
                let here = offset + Int64(lineStart - data.startIndex)
                lineStart = data.index(after: newline)
                guard ByteSearch.contains(mention, in: data, range) else { continue }
                let line = data[range]
                let entry = try TableJournal.entry(line)
                for (index, change) in entry.changes.enumerated() where change.table == table {
                    let sequence = entry.sequence + UInt64(index)
                    guard sequence > start, found.count < limit else { continue }
                    found.append(StreamedChange(sequence: sequence, time: entry.time, change: change))
                    guard found.count == limit else { continue }
                    // The rest of this line may hold more: the next read begins at it again.
                    let line = Position(segment: name, offset: here, nextSequence: entry.sequence)
                    return StreamScan(after: sequence, line: line, segment: file)
                }
            }
            return nil
        }
    }

    /// The offset of the last line whose first sequence is at most `start` (0 when none is).
    private func lastLine(in fd: Int32, path: String, size: Int64, notAfter start: UInt64) throws -> Int64 {
        var low: Int64 = 0
        var high = size
        var result: Int64 = 0
        while low < high {
            let middle = (low + high) / 2
            guard let line = try lineStart(in: fd, path: path, atOrAfter: middle, before: high) else {
                high = middle
                continue
            }
            if try sequence(in: fd, path: path, at: line) <= start {
                result = line
                low = line + 1
            } else {
                high = middle
            }
        }
        return result
    }

    /// The first line start at or after `offset` and before `limit`.
    private func lineStart(in fd: Int32, path: String, atOrAfter offset: Int64, before limit: Int64) throws -> Int64? {
        guard offset > 0 else { return limit > 0 ? 0 : nil }
        var position = offset - 1
        while position < limit {
            let chunk = try FileCalls.read(fd, count: Int(min(4096, limit - position)), at: position, path: path)
            if let newline = ByteSearch.index(of: 0x0A, in: chunk, from: chunk.startIndex) {
                let start = position + Int64(newline - chunk.startIndex) + 1
                return start < limit ? start : nil
            }
            if chunk.isEmpty { return nil }
            position += Int64(chunk.count)
        }
        return nil
    }

    /// The first sequence of the line at `offset`, read from its `{"sequence":N` prefix.
    private func sequence(in fd: Int32, path: String, at offset: Int64) throws -> UInt64 {
        let prefix = Data("{\"sequence\":".utf8)
        let head = try FileCalls.read(fd, count: 40, at: offset, path: path)
        guard head.starts(with: prefix) else {
            throw StorageError.corrupt("\(path) has a damaged line at byte \(offset)")
        }
        let digits = head.dropFirst(prefix.count).prefix { (48...57).contains($0) }
        guard let sequence = UInt64(String(decoding: digits, as: UTF8.self)) else {
            throw StorageError.corrupt("\(path) has a damaged line at byte \(offset)")
        }
        return sequence
    }
}

/// Searches of a segment's bytes made with the C library's `memchr` and `memmem`: `Data`'s own
/// element-by-element search checks exclusive access at every byte, which made scanning a
/// journal segment for a table's lines most of the cost of a stream read.
enum ByteSearch {
    /// The index of the first `byte` of `data` at or after `start`.
    static func index(of byte: UInt8, in data: Data, from start: Data.Index) -> Data.Index? {
        data.withUnsafeBytes { bytes in
            let offset = start - data.startIndex
            guard let base = bytes.baseAddress, offset < bytes.count,
                let found = memchr(base + offset, Int32(byte), bytes.count - offset)
            else { return nil }
            return data.startIndex + (UnsafeRawPointer(found) - base)
        }
    }

    /// Whether `needle` occurs in `data[range]`.
    static func contains(_ needle: [UInt8], in data: Data, _ range: Range<Data.Index>) -> Bool {
        guard !needle.isEmpty else { return true }
        return data.withUnsafeBytes { bytes in
            needle.withUnsafeBytes { wanted in
                guard let base = bytes.baseAddress, range.count >= wanted.count else { return false }
                let haystack = base + (range.lowerBound - data.startIndex)
                let found = memmem(haystack, range.count, wanted.baseAddress, wanted.count)
                return found != nil
            }
        }
    }
}
