import Foundation
import Shared
import WireFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `doctor` for the DynamoDB stand-in: the journal, then every table's definition, items and
/// index entries, checked (and repaired) while holding the journal's exclusive lock, so no
/// write is half-seen.
///
/// The journal's lines are the commits; items are the data they leave; index entries and the
/// definition are derived from them (and from the code's table declarations), so a repair
/// rebuilds those and never touches a readable item. An item that cannot be read is moved to
/// quarantine, and its index entries go with the stale-entry pass.
extension FileTableStore {
    /// Checks the journal and every table directory; `expected` are the definitions this build declares.
    public func check(_ check: StateCheck, expected: [TableDefinition]) throws {
        guard PosixFiles.isDirectory(root.path) else { return }
        try check.locked(URL(fileURLWithPath: journal.lockFile)) {
            try checkJournal(check)
            for name in try PosixFiles.allNames(in: root.path).sorted() where name != "journal" {
                let url = root.appendingPathComponent(name)
                if try check.temporaryFile(url) { continue }
                guard PosixFiles.isDirectory(url.path), !name.hasPrefix(".") else {
                    try check.quarantine(url, "unexpected file among the table directories")
                    continue
                }
                let layout = FileTableLayout(root: root, table: name)
                guard
                    let definition = try checkDefinition(
                        layout,
                        name: name,
                        check,
                        expected: expected.first { $0.name == name }
                    )
                else { continue }
                let items = try checkItems(layout, definition, check)
                try checkIndexes(layout, definition, items: items, check)
                try checkTableDirectory(layout, check)
            }
        }
    }

    /// Every journal line readable, and the files up to date with them: changes a killed writer
    /// committed but did not apply are applied (a repair the next command would make too).
    private func checkJournal(_ check: StateCheck) throws {
        let directory = URL(fileURLWithPath: journal.directory)
        for name in try PosixFiles.allNames(in: journal.directory).sorted() {
            let url = directory.appendingPathComponent(name)
            if try check.temporaryFile(url) { continue }
            let known =
                name == ".lock" || name == "applied.json" || name == "checkpoint.json"
                || (name.hasSuffix(TableJournal.segmentSuffix)
                    && UInt64(name.dropLast(TableJournal.segmentSuffix.count)) != nil)
            if !known { try check.quarantine(url, "unexpected in the table journal") }
        }
        if let first = try journal.segments().first {
            let start = TableJournal.Position(segment: first, offset: 0, nextSequence: 0)
            do {
                _ = try journal.entries(from: start, cuttingTornTail: false)
            } catch let error as StorageError {
                check.report(directory, "\(error); the journal cannot be replayed past it")
            }
        }
        guard try journal.isBehind(journal.applied()) else { return }
        try check.complete(
            URL(fileURLWithPath: journal.appliedFile),
            "the journal holds committed changes the item files lack (a writer was stopped)"
        ) {
            try recoverIfBehind()
        }
    }

    /// The file holding the item with `key`, for naming it in a problem.
    public func itemFile(table: String, key: Item) throws -> URL {
        let layout = FileTableLayout(root: root, table: table)
        return URL(fileURLWithPath: layout.itemFile(stem: KeyFileName.stem(ofKey: key, in: try definition(table))))
    }

    /// The definition to check the table against: the stored one when it is sound, else the
    /// declared one (written back when repairing); nil when the table is unknown and unreadable.
    private func checkDefinition(
        _ layout: FileTableLayout,
        name: String,
        _ check: StateCheck,
        expected: TableDefinition?
    ) throws -> TableDefinition? {
        let url = URL(fileURLWithPath: layout.definitionFile)
        let problem: String
        if let data = try PosixFiles.read(layout.definitionFile) {
            do {
                let stored = try JSON.decode(TableDefinition.self, from: data)
                try stored.validate()
                if stored.name != name {
                    problem = "defines table \(stored.name), not the table of its directory"
                } else if let expected, stored != expected {
                    problem = "differs from the declaration of table \(name)"
                } else {
                    return stored
                }
            } catch {
                problem = "not a valid table definition (\(error))"
            }
        } else {
            problem = "table.json is missing"
        }
        guard let expected else {
            check.report(url, "\(problem); \(name) is not a table this build declares")
            return nil
        }
        try check.rebuild(url, problem) { try DurableFile.write(JSON.encodePretty(expected), to: url) }
        return expected
    }

    /// Every readable item by its file-name stem; unreadable or misplaced ones go to quarantine.
    private func checkItems(
        _ layout: FileTableLayout,
        _ definition: TableDefinition,
        _ check: StateCheck
    ) throws -> [String: Item] {
        var items: [String: Item] = [:]
        let directory = URL(fileURLWithPath: layout.itemsDirectory)
        for name in try PosixFiles.allNames(in: layout.itemsDirectory).sorted() {
            let url = directory.appendingPathComponent(name)
            if try check.temporaryFile(url) { continue }
            guard name.hasSuffix(FileTableLayout.itemSuffix), !name.hasPrefix("."), !PosixFiles.isDirectory(url.path)
            else {
                try check.quarantine(url, "not an item file")
                continue
            }
            guard let data = try PosixFiles.read(url.path) else { continue }
            let stem = String(name.dropLast(FileTableLayout.itemSuffix.count))
            let value: JSONValue
            do {
                value = try JSONValueParser.parse(data)
            } catch {
                try check.quarantine(url, "not valid JSON (\(error)); its index entries go too")
                continue
            }
            guard case .object(let item) = value else {
                try check.quarantine(url, "holds JSON but not an item object")
                continue
            }
            guard let key = definition.key(of: item), (try? definition.validateItem(item)) != nil else {
                try check.quarantine(url, "lacks a valid key for table \(definition.name)")
                continue
            }
            guard KeyFileName.stem(ofKey: key, in: definition) == stem else {
                try check.quarantine(
                    url,
                    "holds the item with key \(JSON.string(key)), not the one its file name gives"
                )
                continue
            }
            items[stem] = item
        }
        return items
    }

    /// Index entries must be exactly those the items give: stale ones go, missing ones are added.
    private func checkIndexes(
        _ layout: FileTableLayout,
        _ definition: TableDefinition,
        items: [String: Item],
        _ check: StateCheck
    ) throws {
        var expected = Set<String>()
        for (stem, item) in items {
            for index in definition.indexes {
                if let entry = layout.indexEntry(index: index, item: item, stem: stem) { expected.insert(entry) }
            }
        }
        let indexes = URL(fileURLWithPath: layout.indexesDirectory)
        for name in try PosixFiles.allNames(in: layout.indexesDirectory).sorted() {
            let url = indexes.appendingPathComponent(name)
            if try check.temporaryFile(url) { continue }
            guard definition.index(named: name) != nil, PosixFiles.isDirectory(url.path) else {
                try check.remove(url, "not an index of table \(definition.name)", derivedTree: true)
                continue
            }
            for partition in try PosixFiles.allNames(in: url.path).sorted() {
                let partitionURL = url.appendingPathComponent(partition)
                if try check.temporaryFile(partitionURL) { continue }
                guard PosixFiles.isDirectory(partitionURL.path) else {
                    try check.remove(partitionURL, "not an index partition")
                    continue
                }
                try checkIndexPartition(partitionURL, expected: &expected, check)
            }
        }
        for entry in expected.sorted() {
            let url = URL(fileURLWithPath: entry)
            try check.rebuild(url, "index entry missing for an item") { try DurableFile.write(Data(), to: url) }
        }
    }

    /// One partition directory of an index: the expected entries are kept (and struck from
    /// `expected`), anything else goes, and so does the directory once empty.
    private func checkIndexPartition(_ partitionURL: URL, expected: inout Set<String>, _ check: StateCheck) throws {
        let entries = try PosixFiles.allNames(in: partitionURL.path).sorted()
        var kept = 0
        for entry in entries {
            let entryURL = partitionURL.appendingPathComponent(entry)
            if try check.temporaryFile(entryURL) { continue }
            if expected.remove(entryURL.path) != nil {
                kept += 1
            } else if PosixFiles.isDirectory(entryURL.path) {
                try check.remove(entryURL, "not an index entry", derivedTree: true)
            } else {
                try check.remove(entryURL, "index entry of an item that no longer matches it (stale)")
            }
        }
        if entries.isEmpty {
            try check.remove(partitionURL, "empty directory left by an interrupted write")
        } else if kept == 0, check.repairing {
            // Emptied by the removals above; it goes as the writers' own cleanup does (best effort).
            rmdir(partitionURL.path)
        }
    }

    /// Anything in a table directory besides its definition, lock, items and indexes.
    private func checkTableDirectory(_ layout: FileTableLayout, _ check: StateCheck) throws {
        let directory = URL(fileURLWithPath: layout.directory)
        for name in try PosixFiles.allNames(in: layout.directory).sorted()
        where !["table.json", "stream.json", ".lock", "items", "indexes"].contains(name) {
            let url = directory.appendingPathComponent(name)
            if try check.temporaryFile(url) { continue }
            try check.quarantine(url, "unexpected in a table directory")
        }
    }
}
