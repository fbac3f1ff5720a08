import Foundation
import Shared

/// DynamoDB tables as plain JSON files under a directory (layout in `FileTableLayout`), safe to
/// share between processes: every write holds the table's flock while it reads the current item,
/// evaluates the condition and writes; reads take no lock, since every file is replaced by an
/// atomic rename.
///
/// Crash safety: a write adds the new index entries, then renames the item into place, then
/// removes the stale entries; a delete removes the item first. Queries re-read every item and drop
/// entries that no longer match it. So at any instant an acknowledged item is visible through
/// each of its indexes, and no index shows an item that does not match.
public final class FileTableStore: TableStore {
    /// The directory holding one directory per table.
    public let root: URL
    private let definitions = DefinitionCache()

    /// A store over `root` (created on the first table).
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public func createTable(_ definition: TableDefinition) throws {
        try definition.validate()
        let layout = FileTableLayout(root: root, table: definition.name)
        try FileLock.withLock(URL(fileURLWithPath: layout.lockFile)) {
            if let existing = try readDefinition(layout) {
                guard existing == definition else {
                    throw TableError.validation("table \(definition.name) already exists with a different definition")
                }
            } else {
                try DurableFile.createDirectory(URL(fileURLWithPath: layout.itemsDirectory))
                try DurableFile.write(JSON.encodePretty(definition), to: URL(fileURLWithPath: layout.definitionFile))
            }
        }
        definitions.store(definition)
    }

    public func listTables() throws -> [String] {
        try PosixFiles.names(in: root.path)
            .filter { PosixFiles.exists(FileTableLayout(root: root, table: $0).definitionFile) }
            .sorted()
    }

    public func describeTable(_ table: String) throws -> TableDefinition? {
        do {
            return try definition(table)
        } catch TableError.resourceNotFound {
            return nil
        }
    }

    public func putItem(table: String, item: Item, condition: Condition?) throws {
        let definition = try definition(table)
        try definition.validatePut(item, condition: condition, table: table)
        try write(table, definition, key: definition.key(of: item) ?? [:]) { current in
            try definition.checkCondition(condition, on: current, table: table)
            return item
        }
    }

    public func getItem(table: String, key: Item) throws -> Item? {
        let definition = try definition(table)
        try definition.validateKey(key)
        return try readItem(FileTableLayout(root: root, table: table), definition, key: key)
    }

    public func updateItem(table: String, key: Item, actions: [UpdateAction], condition: Condition?) throws -> Item {
        let definition = try definition(table)
        try definition.validateKeyedWrite(key: key, actions: actions, condition: condition)
        let (_, updated) = try write(table, definition, key: key) { current in
            try definition.checkCondition(condition, on: current, table: table)
            return try definition.updatedItem(current, key: key, actions: actions, table: table)
        }
        return updated ?? key
    }

    @discardableResult
    public func deleteItem(table: String, key: Item, condition: Condition?) throws -> Item? {
        let definition = try definition(table)
        try definition.validateKeyedWrite(key: key, condition: condition)
        return try write(table, definition, key: key) { current in
            try definition.checkCondition(condition, on: current, table: table)
            return nil
        }.old
    }

    /// The table's definition: cached per instance, since a table's definition never changes.
    func definition(_ table: String) throws -> TableDefinition {
        if let cached = definitions[table] { return cached }
        guard (try? TableDefinition.validateName(table, what: "table")) != nil,
              let definition = try readDefinition(FileTableLayout(root: root, table: table)) else {
            throw TableError.resourceNotFound(table: table)
        }
        definitions.store(definition)
        return definition
    }

    private func readDefinition(_ layout: FileTableLayout) throws -> TableDefinition? {
        guard let data = try PosixFiles.read(layout.definitionFile) else { return nil }
        do {
            let definition = try JSON.decode(TableDefinition.self, from: data)
            // Index names become directory names: a hand-edited file must not lead outside the table.
            try definition.validate()
            return definition
        } catch {
            throw StorageError.corrupt("\(layout.definitionFile) is not a valid table definition: \(error)")
        }
    }
}

/// Table definitions read by one store, shared by its concurrent callers.
private final class DefinitionCache: @unchecked Sendable {
    // NSLock rather than Mutex: Mutex needs macOS 15 and the package supports macOS 14.
    private let lock = NSLock()
    private var definitions: [String: TableDefinition] = [:]

    subscript(table: String) -> TableDefinition? {
        lock.withLock { definitions[table] }
    }

    func store(_ definition: TableDefinition) {
        lock.withLock { definitions[definition.name] = definition }
    }
}
