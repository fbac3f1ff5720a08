import Foundation
import Shared
import WireFormat

/// The write-ahead journal of a `FileTableStore`, the one durable commit of every change to its
/// tables and the source of their DynamoDB streams:
///
///     <root>/journal/.lock                       flock'd: exclusive by writers, shared by readers
///     <root>/journal/<first sequence>.jsonl       segments; one line per committed transaction
///     <root>/journal/applied.json                how far the item files are up to date
///     <root>/journal/checkpoint.json              how far they are durably up to date
///
/// A line is `{"sequence":N,"time":"…","changes":[{"key","new","old","table"}…]}`: the
/// transaction's changes, numbered N, N+1, …, with the items before and after. A commit appends
/// its line and fsyncs the segment once; the item and index files are then brought up to date
/// without fsyncs, since the line can rebuild them. `applied.json` says up to where they are (and
/// on which boot of the machine): after a killed writer the lines after it are applied again,
/// after a machine stop every line after the checkpoint. A segment over `segmentLimit` bytes
/// ends with a syncfs and a checkpoint, and a new segment begins; segments are kept for the
/// 24 hours of a stream's retention.
struct TableJournal: Sendable {
    /// Where the item files stand: a segment, the byte after the last line applied, the next sequence.
    struct Position: Codable, Hashable, Sendable {
        var segment: String
        var offset: Int64
        var nextSequence: UInt64
        /// The boot the files were written on (`applied.json` only).
        var bootId: String?

        enum CodingKeys: String, CodingKey {
            case segment, offset
            case nextSequence = "next_sequence"
            case bootId = "boot_id"
        }

        init(segment: String, offset: Int64, nextSequence: UInt64, bootId: String? = nil) {
            self.segment = segment
            self.offset = offset
            self.nextSequence = nextSequence
            self.bootId = bootId
        }

        /// The position a marker's bytes hold, read with the byte parser rather than
        /// `JSONDecoder` (the applied marker is read at every table operation); nil when they
        /// hold no position (a marker cut short by a kill).
        init?(parsing data: Data) {
            guard case .object(let fields)? = try? JSONValueParser.parse(data),
                case .string(let segment)? = fields["segment"],
                case .number(let offset)? = fields["offset"],
                case .number(let next)? = fields["next_sequence"]
            else { return nil }
            let bootId: String?
            switch fields["boot_id"] {
            case .string(let id)?: bootId = id
            case nil, .null?: bootId = nil
            default: return nil
            }
            self.init(
                segment: segment,
                offset: NSDecimalNumber(decimal: offset).int64Value,
                nextSequence: NSDecimalNumber(decimal: next).uint64Value,
                bootId: bootId
            )
        }
    }

    /// One committed transaction.
    struct Entry: Sendable {
        var sequence: UInt64
        var time: String
        var changes: [ItemChange]

        /// The sequence of the entry's last change.
        var lastSequence: UInt64 { sequence + UInt64(max(changes.count, 1)) - 1 }
    }

    static let defaultSegmentLimit: Int64 = 4 << 20
    static let segmentSuffix = ".jsonl"

    let directory: String
    /// A segment that grows past this many bytes is followed by a new one.
    let segmentLimit: Int64

    init(root: URL, segmentLimit: Int64 = defaultSegmentLimit) {
        directory = root.path + "/journal"
        self.segmentLimit = segmentLimit
    }

    var lockFile: String { directory + "/.lock" }
    var appliedFile: String { directory + "/applied.json" }
    var checkpointFile: String { directory + "/checkpoint.json" }

    func segmentPath(_ name: String) -> String { directory + "/" + name }

    static func segmentName(startingAt sequence: UInt64) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + segmentSuffix
    }

    /// The segments, oldest first.
    func segments() throws -> [String] {
        try PosixFiles.names(in: directory).filter { $0.hasSuffix(Self.segmentSuffix) }.sorted()
    }

    // MARK: - Markers

    /// How far the files are up to date; nil when no commit was ever applied, or when the marker
    /// was cut short by a kill (then every line after the checkpoint is applied again).
    func applied() throws -> Position? {
        guard let data = try PosixFiles.read(appliedFile) else { return nil }
        return Position(parsing: data)
    }

    /// Records how far the files are up to date. Written in place, not renamed (no new inode per
    /// commit) and not fsync'd: only holders of the journal's lock read or write it, and after a
    /// machine stop the checkpoint is what counts.
    func saveApplied(_ position: Position) throws {
        var position = position
        position.bootId = BootIdentity.current
        try FileCalls.overwrite(appliedFile, with: try JSON.encode(position))
    }

    func checkpoint() throws -> Position? {
        try Self.readPosition(checkpointFile)
    }

    func saveCheckpoint(_ position: Position) throws {
        var position = position
        position.bootId = nil
        try DurableFile.write(JSON.encodePretty(position), to: URL(fileURLWithPath: checkpointFile))
    }

    private static func readPosition(_ path: String) throws -> Position? {
        guard let data = try PosixFiles.read(path) else { return nil }
        do {
            return try JSON.decode(Position.self, from: data)
        } catch {
            throw StorageError.corrupt("\(path) is not a journal position: \(DecodingErrorDescription.describe(error))")
        }
    }

    // MARK: - Appending

    /// A new journal: its first segment and an applied marker at its start.
    func start() throws -> Position {
        try DurableFile.createDirectory(URL(fileURLWithPath: directory))
        return try newSegment(startingAt: 1)
    }

    /// Whether the item files may lag the journal: no marker though lines exist, a marker from
    /// another boot, or lines after the marker (a writer was killed before applying its line).
    func isBehind(_ applied: Position?) throws -> Bool {
        guard let applied else { return try !segments().isEmpty }
        guard let boot = applied.bootId, boot == BootIdentity.current else { return true }
        guard let size = try PosixFiles.size(segmentPath(applied.segment)) else { return true }
        return size != applied.offset
    }

    /// Appends one transaction's line after `position` (the current end) and fsyncs it, unless in
    /// a deferred batch; a failed append is cut off again, leaving the segment as it was.
    func append(_ changes: [ItemChange], at time: String, after position: Position) throws -> Position {
        let entry = Entry(sequence: position.nextSequence, time: time, changes: changes)
        let line = try Self.line(entry)
        let path = segmentPath(position.segment)
        let fd = try FileCalls.open(path, O_WRONLY | O_APPEND)
        defer { close(fd) }
        guard try FileCalls.size(fd, path: path) == position.offset else {
            throw StorageError.corrupt("\(path) does not end where \(appliedFile) says it does")
        }
        do {
            try FileCalls.writeAll(fd, line, path: path)
            if !DeferredDurability.defers() { try FileCalls.sync(fd, path: path, metadata: false) }
        } catch {
            try? FileCalls.truncate(fd, to: position.offset, path: path)
            throw error
        }
        return Position(
            segment: position.segment,
            offset: position.offset + Int64(line.count),
            nextSequence: position.nextSequence + UInt64(changes.count)
        )
    }

    /// After a segment grew past its limit: every applied file made durable, the checkpoint
    /// moved to the segment's end, a new segment begun, and segments past retention removed.
    func rotate(after position: Position, now: Date) throws -> Position {
        try FileCalls.syncFileSystem(containing: directory)
        try saveCheckpoint(position)
        let next = try newSegment(startingAt: position.nextSequence)
        try removeExpiredSegments(before: now.addingTimeInterval(-streamRetention), keeping: next.segment)
        return next
    }

    private func newSegment(startingAt sequence: UInt64) throws -> Position {
        let name = Self.segmentName(startingAt: sequence)
        let fd = try FileCalls.open(segmentPath(name), O_WRONLY | O_CREAT)
        close(fd)
        try DurableFile.syncDirectory(directory)
        let position = Position(segment: name, offset: 0, nextSequence: sequence)
        try saveApplied(position)
        return position
    }

    private func removeExpiredSegments(before cutoff: Date, keeping current: String) throws {
        for name in try segments() where name != current {
            guard let last = try lastEntry(of: name), let time = Timestamp.parse(last.time), time < cutoff else {
                break
            }
            try FileCalls.unlink(segmentPath(name))
        }
    }

    // MARK: - Reading

    /// Every entry from `position` to the journal's end, and the position after the last one. A
    /// line cut short at the very end (a writer killed mid-append) is cut off; damage anywhere
    /// else is corruption.
    func entries(from position: Position, cuttingTornTail: Bool = true) throws -> (entries: [Entry], end: Position) {
        var entries: [Entry] = []
        var end = position
        let names = try segments().filter { $0 >= position.segment }
        for (index, name) in names.enumerated() {
            let offset = name == position.segment ? position.offset : 0
            let (found, consumed) = try read(
                segment: name,
                from: offset,
                isLast: index == names.count - 1,
                cutting: cuttingTornTail
            )
            entries += found
            end = Position(
                segment: name,
                offset: offset + consumed,
                nextSequence: found.last.map { $0.lastSequence + 1 } ?? end.nextSequence
            )
        }
        return (entries, end)
    }

    /// The entries of one segment from `offset`, and the bytes they take.
    private func read(segment name: String, from offset: Int64, isLast: Bool, cutting: Bool) throws -> ([Entry], Int64)
    {
        let path = segmentPath(name)
        let fd = try FileCalls.open(path, isLast && cutting ? O_RDWR : O_RDONLY)
        defer { close(fd) }
        let size = try FileCalls.size(fd, path: path)
        guard size > offset else { return ([], 0) }
        let data = try FileCalls.read(fd, count: Int(size - offset), at: offset, path: path)
        var entries: [Entry] = []
        var consumed = 0
        var lineStart = data.startIndex
        while let newline = data[lineStart...].firstIndex(of: 0x0A) {
            guard let entry = try? Self.entry(data[lineStart..<newline]) else {
                throw StorageError.corrupt(
                    "\(path) has a damaged line at byte \(offset + Int64(lineStart - data.startIndex))"
                )
            }
            entries.append(entry)
            lineStart = data.index(after: newline)
            consumed = lineStart - data.startIndex
        }
        if consumed < data.count {
            guard isLast else { throw StorageError.corrupt("\(path) ends in the middle of a line") }
            if cutting { try FileCalls.truncate(fd, to: offset + Int64(consumed), path: path) }
        }
        return (entries, Int64(consumed))
    }

    /// The last complete entry of a segment, or nil when it has none.
    func lastEntry(of name: String) throws -> Entry? {
        let path = segmentPath(name)
        guard let size = try PosixFiles.size(path), size > 0 else { return nil }
        let fd = try FileCalls.open(path, O_RDONLY)
        defer { close(fd) }
        var window: Int64 = 64 * 1024
        while true {
            let start = max(0, size - window)
            let data = try FileCalls.read(fd, count: Int(size - start), at: start, path: path)
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
            if let last = lines.last, start == 0 || lines.count > 1, let entry = try? Self.entry(last) { return entry }
            if start == 0 { return nil }
            window *= 4
        }
    }

    // MARK: - Lines

    static func line(_ entry: Entry) throws -> Data {
        let changes = entry.changes.map { change in
            JSONValue.object([
                "table": .string(change.table), "key": .object(change.key),
                "old": change.old.map(JSONValue.object) ?? .null, "new": change.new.map(JSONValue.object) ?? .null,
            ])
        }
        // The sequence first, so a reader finds an entry's number without parsing the whole line.
        var line = Data("{\"sequence\":\(entry.sequence),\"time\":".utf8)
        line.append(try JSON.encode(entry.time))
        line.append(Data(",\"changes\":".utf8))
        line.append(try JSON.encode(JSONValue.array(changes)))
        line.append(Data("}\n".utf8))
        return line
    }

    static func entry(_ line: some DataProtocol) throws -> Entry {
        guard case .object(let fields) = try JSONValueParser.parse(Data(line)),
            case .number(let sequence)? = fields["sequence"], let time = fields["time"]?.stringValue,
            case .array(let changes)? = fields["changes"]
        else {
            throw StorageError.corrupt("not a journal line")
        }
        return Entry(
            sequence: NSDecimalNumber(decimal: sequence).uint64Value,
            time: time,
            changes: try changes.map(change)
        )
    }

    private static func change(_ value: JSONValue) throws -> ItemChange {
        guard case .object(let fields) = value, let table = fields["table"]?.stringValue,
            case .object(let key)? = fields["key"]
        else { throw StorageError.corrupt("not a journal change") }
        func image(_ name: String) throws -> Item? {
            switch fields[name] {
            case .object(let item)?: return item
            case .null?, nil: return nil
            default: throw StorageError.corrupt("a journal change's \(name) is not an item")
            }
        }
        return ItemChange(table: table, key: key, old: try image("old"), new: try image("new"))
    }
}
