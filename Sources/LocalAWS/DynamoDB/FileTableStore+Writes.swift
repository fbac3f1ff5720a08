import Foundation
import Shared
import WireFormat

/// The commit path: the journal's locks, recovery, and bringing item and index files up to date.
extension FileTableStore {
    /// Runs `body` holding the journal's exclusive lock, after applying what a killed writer left.
    func exclusive<T>(_ body: () throws -> T) throws -> T {
        try FileLock.withLock(URL(fileURLWithPath: journal.lockFile)) {
            try recoverIfBehind()
            return try body()
        }
    }

    /// Runs `body` holding the journal's shared lock, with the files up to date with the journal.
    func shared<T>(_ body: () throws -> T) throws -> T {
        // A state no process ever wrote to has no journal to wait for.
        guard PosixFiles.exists(journal.lockFile) else { return try body() }
        if let result = try FileLock.withSharedLock(
            URL(fileURLWithPath: journal.lockFile),
            { () -> T? in
                guard try !journal.isBehind(journal.applied()) else { return nil }
                return try body()
            }
        ) {
            return result
        }
        return try exclusive(body)
    }

    /// Commits changes the caller evaluated while holding the exclusive lock: the new files are
    /// staged, the journal line is written and fsync'd (the commit point), then the staged files
    /// take their places. Nothing is committed when staging or the journal write fails, and the
    /// staged files are removed again.
    func commit(_ changes: [ItemChange]) throws {
        guard !changes.isEmpty else { return }
        let position = try journal.applied() ?? journal.start()
        let staged = try stage(changes)
        let end: TableJournal.Position
        do {
            end = try journal.append(changes, at: Timestamp.string(clock()), after: position)
        } catch {
            for change in staged { change.discard() }
            throw error
        }
        // Committed, and so acknowledged: should a file fail to take its place now, the journal
        // stays ahead of the files and the next reader or writer applies the line again (and
        // reports the failure if it persists).
        do {
            for change in staged { try change.publish() }
            try journal.saveApplied(end)
            if end.offset >= journal.segmentLimit { _ = try journal.rotate(after: end, now: clock()) }
        } catch {
            for change in staged { change.discardTemporary() }
        }
    }

    /// Applies the journal's lines the files lack: after a killed writer, those after the applied
    /// marker; after a machine stop (another boot), every line after the checkpoint.
    func recoverIfBehind() throws {
        let applied = try journal.applied()
        guard try journal.isBehind(applied) else { return }
        let sameBoot = applied?.bootId != nil && applied?.bootId == BootIdentity.current
        let start =
            try (sameBoot ? applied : nil) ?? journal.checkpoint()
            ?? journal.segments().first.map {
                TableJournal.Position(
                    segment: $0,
                    offset: 0,
                    nextSequence: UInt64($0.dropLast(TableJournal.segmentSuffix.count)) ?? 1
                )
            }
        guard let start else { return }
        let (entries, end) = try journal.entries(from: start)
        for entry in entries {
            for change in try stage(entry.changes) { try change.publish() }
        }
        if !sameBoot {
            try FileCalls.syncFileSystem(containing: root.path)
            try journal.saveCheckpoint(end)
        }
        try journal.saveApplied(end)
    }

    /// One change made ready to take effect: its new index entries in place (an index entry
    /// without a matching item is ignored by every reader) and its new item either written aside,
    /// to be renamed over the old file, or kept to be written over the old file's bytes when it
    /// fits in the blocks that file already has: a rewrite then allocates nothing (so cannot
    /// fail for space) and makes no new inode. Either way the change is committed by its journal
    /// line first; a writer killed in the middle of a rewrite leaves the journal ahead of the
    /// files, and the next reader or writer writes the item again.
    struct StagedChange {
        let itemFile: String
        let temporary: String?
        let rewrite: Data?
        let createdEntries: [String]
        /// Entries the change moves from one partition or sort position of an index to another
        /// (a status changing): renamed, not removed and created again, so the move frees no
        /// inode and takes none. Their target directories are made before the commit.
        let movedEntries: [(from: String, to: String)]
        let staleEntries: [String]

        /// Puts the new item in place (or removes the deleted one), then moves the entries that
        /// move and removes the stale ones.
        func publish() throws {
            if let rewrite {
                try FileCalls.overwrite(itemFile, with: rewrite, creating: false)
            } else if let temporary {
                try FileCalls.rename(temporary, itemFile)
            } else {
                try FileCalls.unlink(itemFile)
            }
            for move in movedEntries {
                try FileCalls.rename(move.from, move.to)
                rmdir((move.from as NSString).deletingLastPathComponent)
            }
            for entry in staleEntries {
                try FileCalls.unlink(entry)
                // Best effort: fails harmlessly while the partition still has entries.
                rmdir((entry as NSString).deletingLastPathComponent)
            }
        }

        /// Removes the staged item file if it did not take its place.
        func discardTemporary() {
            if let temporary { unlink(temporary) }
        }

        /// Undoes the staging of a change that was not committed.
        func discard() {
            if let temporary { unlink(temporary) }
            Self.unstage(created: createdEntries, moved: movedEntries)
        }

        /// Removes the entries staged for a change that will not be committed, and the directories
        /// made for its moves (best effort: only a directory made for a move is empty).
        static func unstage(created: [String], moved: [(from: String, to: String)]) {
            remove(created)
            for move in moved { rmdir((move.to as NSString).deletingLastPathComponent) }
        }

        /// Removes index entries, and their partition directories when that leaves them empty.
        static func remove(_ entries: [String]) {
            for entry in entries {
                unlink(entry)
                rmdir((entry as NSString).deletingLastPathComponent)
            }
        }
    }

    private func stage(_ changes: [ItemChange]) throws -> [StagedChange] {
        var staged: [StagedChange] = []
        do {
            for change in changes { staged.append(try stage(change)) }
        } catch {
            for change in staged { change.discard() }
            throw error
        }
        return staged
    }

    private func stage(_ change: ItemChange) throws -> StagedChange {
        let definition = try definition(change.table)
        let layout = FileTableLayout(root: root, table: change.table)
        let stem = KeyFileName.stem(ofKey: change.key, in: definition)
        var created: [String] = []
        var moved: [(from: String, to: String)] = []
        var newEntries: Set<String> = []
        do {
            for index in definition.indexes {
                guard let entry = change.new.flatMap({ layout.indexEntry(index: index, item: $0, stem: stem) }) else {
                    continue
                }
                newEntries.insert(entry)
                guard !PosixFiles.exists(entry) else { continue }
                if let old = change.old.flatMap({ layout.indexEntry(index: index, item: $0, stem: stem) }),
                    PosixFiles.exists(old)
                {
                    let directory = (entry as NSString).deletingLastPathComponent
                    try DurableFile.createDirectory(URL(fileURLWithPath: directory), durable: false)
                    moved.append((old, entry))
                    continue
                }
                try DurableFile.createEmpty(entry)
                created.append(entry)
            }
            let itemFile = layout.itemFile(stem: stem)
            let data = try change.new.map { try JSON.encodePretty($0) }
            let rewrite = data.flatMap { data in
                FileCalls.allocatedBytes(itemFile).flatMap { $0 >= Int64(data.count) ? data : nil }
            }
            let temporary = try data.flatMap { rewrite == nil ? try DurableFile.stage($0, besides: itemFile) : nil }
            let movedFrom = Set(moved.map(\.from))
            let stale = definition.indexes.compactMap { index in
                change.old.flatMap { layout.indexEntry(index: index, item: $0, stem: stem) }
            }.filter { !newEntries.contains($0) && !movedFrom.contains($0) }
            return StagedChange(
                itemFile: itemFile,
                temporary: temporary,
                rewrite: rewrite,
                createdEntries: created,
                movedEntries: moved,
                staleEntries: stale
            )
        } catch {
            StagedChange.unstage(created: created, moved: moved)
            throw error
        }
    }

    /// The item with `key`, or nil when absent.
    func readItem(_ layout: FileTableLayout, _ definition: TableDefinition, key: Item) throws -> Item? {
        let item = try readItem(layout, stem: KeyFileName.stem(ofKey: key, in: definition))
        // A hashed file name could in theory be shared by two keys; the file tells which one it holds.
        return item.flatMap { Self.hasKey($0, key, definition) ? $0 : nil }
    }

    /// The item stored under a file-name stem, or nil when there is no such file.
    func readItem(_ layout: FileTableLayout, stem: some StringProtocol) throws -> Item? {
        let path = layout.itemFile(stem: stem)
        guard let data = try PosixFiles.read(path) else { return nil }
        let value: JSONValue
        do {
            value = try JSONValueParser.parse(data)
        } catch {
            throw StorageError.corrupt("\(path) is not valid JSON (\(error))")
        }
        guard case .object(let item) = value else { throw StorageError.corrupt("\(path) holds JSON but not an object") }
        return item
    }

    static func hasKey(_ item: Item, _ key: Item, _ definition: TableDefinition) -> Bool {
        definition.keyAttributes.allSatisfy { attribute in
            guard let value = item[attribute.name], let expected = key[attribute.name] else { return false }
            return value.isDynamoEqual(to: expected)
        }
    }
}
