import Foundation
import Shared
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing single items, and keeping the index entries in step.
extension FileTableStore {
    /// Holding the table's lock, reads the item with `key`, lets `change` check its condition and
    /// return the new item (nil deletes), and writes the result; returns the old and new items.
    @discardableResult
    func write(_ table: String, _ definition: TableDefinition, key: Item,
               _ change: (Item?) throws -> Item?) throws -> (old: Item?, new: Item?) {
        let layout = FileTableLayout(root: root, table: table)
        // A table removed from disk (a state reset) must not be brought back by a stray write.
        guard PosixFiles.exists(layout.definitionFile) else { throw TableError.resourceNotFound(table: table) }
        let stem = KeyFileName.stem(ofKey: key, in: definition)
        return try FileLock.withLock(URL(fileURLWithPath: layout.lockFile)) {
            let current = try readItem(layout, stem: stem)
            if let current, !Self.hasKey(current, key, definition) {
                throw StorageError.corrupt("\(layout.itemFile(stem: stem)) holds another key than the one its name gives")
            }
            let updated = try change(current)
            try replace(layout, definition, stem: stem, old: current, new: updated)
            return (current, updated)
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

    /// New index entries first, then the item, then stale entries: see the type's comment.
    private func replace(_ layout: FileTableLayout, _ definition: TableDefinition, stem: String, old: Item?, new: Item?) throws {
        let newEntries = definition.indexes.map { index in new.flatMap { layout.indexEntry(index: index, item: $0, stem: stem) } }
        for entry in newEntries.compactMap({ $0 }) where !PosixFiles.exists(entry) {
            try DurableFile.write(Data(), to: URL(fileURLWithPath: entry))
        }
        let itemURL = URL(fileURLWithPath: layout.itemFile(stem: stem))
        if let new {
            try DurableFile.write(JSON.encodePretty(new), to: itemURL)
        } else if old != nil {
            try DurableFile.remove(itemURL)
        }
        guard let old else { return }
        for (index, newEntry) in zip(definition.indexes, newEntries) {
            guard let oldEntry = layout.indexEntry(index: index, item: old, stem: stem), oldEntry != newEntry else { continue }
            let entryURL = URL(fileURLWithPath: oldEntry)
            try DurableFile.remove(entryURL)
            // Best effort: fails harmlessly while the partition still has entries.
            rmdir(entryURL.deletingLastPathComponent().path)
        }
    }

    static func hasKey(_ item: Item, _ key: Item, _ definition: TableDefinition) -> Bool {
        definition.keyAttributes.allSatisfy { attribute in
            guard let value = item[attribute.name], let expected = key[attribute.name] else { return false }
            return value.isDynamoEqual(to: expected)
        }
    }
}
