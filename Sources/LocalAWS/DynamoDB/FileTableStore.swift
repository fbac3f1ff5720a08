import Foundation
import Shared
import WireFormat

/// DynamoDB tables as plain JSON files under a directory (layout in `FileTableLayout`), safe to
/// share between processes.
///
/// Every change, a single write or a transaction of up to 100, is one line of the write-ahead
/// journal (`TableJournal`), fsync'd once; the item files and index entries are then brought up
/// to date from it. Writers hold the journal's exclusive lock from reading the current items to
/// applying the change, so a conditional write is atomic with every other writer in any process;
/// readers hold its shared lock, so no reader sees half a transaction. A writer killed after its
/// line was written and before the files caught up leaves the journal ahead of them, and the next
/// reader or writer applies the rest first. Tables with a stream serve their records from the
/// journal (`TableStreams`).
public final class FileTableStore: TableStore, TableStreams {
    /// The directory holding one directory per table, and the journal.
    public let root: URL
    let journal: TableJournal
    let clock: @Sendable () -> Date
    let identity: StandInIdentity
    /// Table definitions read by this store, shared by its concurrent callers.
    private let definitions = Locked<[String: TableDefinition]>([:])
    /// Where this store's reads of each stream ended.
    let streamScans = Locked(StreamScans())

    /// A store over `root` (created on the first table); `clock` dates journal lines and stream
    /// records; a journal segment grows to about `segmentLimit` bytes before the next begins.
    public init(
        root: URL,
        clock: @escaping @Sendable () -> Date = { Date() },
        identity: StandInIdentity = StandInIdentity(),
        segmentLimit: Int64 = 4 << 20
    ) {
        self.root = root.standardizedFileURL
        self.journal = TableJournal(root: self.root, segmentLimit: segmentLimit)
        self.clock = clock
        self.identity = identity
    }

    public func createTable(_ definition: TableDefinition) throws {
        try definition.validate()
        let layout = FileTableLayout(root: root, table: definition.name)
        try exclusive {
            if let existing = try readDefinition(layout) {
                guard existing.withStream(nil) == definition.withStream(nil) else {
                    throw TableError.validation("table \(definition.name) already exists with a different definition")
                }
                // Enabling or changing a stream on an existing table, as UpdateTable does.
                guard existing.stream != definition.stream else { return }
            } else {
                try DurableFile.createDirectory(URL(fileURLWithPath: layout.itemsDirectory))
            }
            if definition.stream != nil, !PosixFiles.exists(layout.streamFile) {
                let first = try journal.applied()?.nextSequence ?? 1
                let stream: JSONValue = [
                    "label": .string(LocalStream.label(at: clock())), "first_sequence": .number(Decimal(first)),
                ]
                try DurableFile.write(JSON.encodePretty(stream), to: URL(fileURLWithPath: layout.streamFile))
            }
            try DurableFile.write(JSON.encodePretty(definition), to: URL(fileURLWithPath: layout.definitionFile))
        }
        definitions.withLock { $0[definition.name] = definition }
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
        _ = try writeOne(.put(table: table, item: item, condition: condition))
    }

    public func getItem(table: String, key: Item) throws -> Item? {
        let definition = try definition(table)
        try definition.validateKey(key)
        return try shared { try readItem(FileTableLayout(root: root, table: table), definition, key: key) }
    }

    public func updateItem(table: String, key: Item, actions: [UpdateAction], condition: Condition?) throws -> Item {
        try writeOne(.update(table: table, key: key, actions: actions, condition: condition)).new ?? key
    }

    @discardableResult
    public func deleteItem(table: String, key: Item, condition: Condition?) throws -> Item? {
        try writeOne(.delete(table: table, key: key, condition: condition)).old
    }

    public func transactWriteItems(_ items: [TransactWriteItem]) throws {
        let plan = try TransactionPlan(items, definition: definition)
        try exclusive {
            let outcomes = try plan.evaluate(current: try plan.actions.map(currentItem))
            try commit(TransactionPlan.changes(outcomes))
        }
    }

    private func writeOne(_ item: TransactWriteItem) throws -> TransactionPlan.Outcome {
        let plan = try TransactionPlan([item], transaction: false, definition: definition)
        return try exclusive {
            let outcome = try plan.evaluateSingle(current: try currentItem(plan.actions[0]))
            try commit(TransactionPlan.changes([outcome]))
            return outcome
        }
    }

    /// The item an action addresses, as stored now (the caller holds the exclusive lock).
    private func currentItem(_ action: TransactionPlan.Action) throws -> Item? {
        let layout = FileTableLayout(root: root, table: action.item.table)
        // A table removed from disk (a state reset) must not be brought back by a stray write.
        guard PosixFiles.exists(layout.definitionFile) else {
            throw TableError.resourceNotFound(table: action.item.table)
        }
        let current = try readItem(layout, stem: action.stem)
        if let current, !Self.hasKey(current, action.key, action.definition) {
            throw StorageError.corrupt(
                "\(layout.itemFile(stem: action.stem)) holds another key than the one its name gives"
            )
        }
        return current
    }

    /// The table's definition: cached per instance, since a table's keys never change.
    func definition(_ table: String) throws -> TableDefinition {
        if let cached = definitions.withLock({ $0[table] }) { return cached }
        guard (try? TableDefinition.validateName(table, what: "table")) != nil,
            let definition = try readDefinition(FileTableLayout(root: root, table: table))
        else {
            throw TableError.resourceNotFound(table: table)
        }
        definitions.withLock { $0[definition.name] = definition }
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
