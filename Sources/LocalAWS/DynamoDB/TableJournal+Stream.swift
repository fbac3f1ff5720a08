import Foundation
import Shared

/// Reading a table's changes back out of the journal, as its stream: from a sequence number on,
/// found by a binary search over a segment's lines rather than by reading it all.
extension TableJournal {
    /// One change as a stream reads it.
    struct StreamedChange {
        let sequence: UInt64
        let time: String
        let change: ItemChange
    }

    /// At most `limit` changes of `table` after sequence `start`, oldest first, not reading past
    /// `end` (the applied position: lines after it are not committed yet as far as a reader knows).
    func changes(of table: String, after start: UInt64, limit: Int, end: Position) throws -> [StreamedChange] {
        var found: [StreamedChange] = []
        // Every change names its table as `"table":"<name>"` (names need no escaping): a line
        // without that text holds no change of the table and is not parsed.
        let mention = Data("\"table\":\"\(table)\"".utf8)
        let names = try segments().filter { $0 <= end.segment }
        let first = names.lastIndex { (UInt64($0.dropLast(Self.segmentSuffix.count)) ?? 0) <= start + 1 } ?? 0
        for name in names[first...] where found.count < limit {
            let path = segmentPath(name)
            let fd = try FileCalls.open(path, O_RDONLY)
            defer { close(fd) }
            let size = name == end.segment ? end.offset : try FileCalls.size(fd, path: path)
            let from = name == names[first] ? try lastLine(in: fd, path: path, size: size, notAfter: start) : 0
            guard size > from else { continue }
            let data = try FileCalls.read(fd, count: Int(size - from), at: from, path: path)
            for line in data.split(separator: 0x0A) where found.count < limit {
                guard line.range(of: mention) != nil else { continue }
                let entry = try Self.entry(line)
                for (offset, change) in entry.changes.enumerated() where change.table == table {
                    let sequence = entry.sequence + UInt64(offset)
                    guard sequence > start, found.count < limit else { continue }
                    found.append(StreamedChange(sequence: sequence, time: entry.time, change: change))
                }
            }
        }
        return found
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
            if let newline = chunk.firstIndex(of: 0x0A) {
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
