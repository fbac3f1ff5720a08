import Foundation
import Shared

/// DynamoDB tables held in memory, with exactly the semantics of `FileTableStore`: fast, for tests.
public actor MemoryTableStore: TableStore {
    private struct Table {
        let definition: TableDefinition
        /// Items by their key's file-name stem, so a scan walks them in the file store's order.
        var items: [String: Item] = [:]
    }

    private var tables: [String: Table] = [:]

    /// An empty store.
    public init() {}

    public func createTable(_ definition: TableDefinition) throws {
        try definition.validate()
        if let existing = tables[definition.name] {
            guard existing.definition == definition else {
                throw TableError.validation("table \(definition.name) already exists with a different definition")
            }
            return
        }
        tables[definition.name] = Table(definition: definition)
    }

    public func listTables() -> [String] {
        tables.keys.sorted()
    }

    public func describeTable(_ table: String) -> TableDefinition? {
        tables[table]?.definition
    }

    public func putItem(table: String, item: Item, condition: Condition?) throws {
        let definition = try self.definition(table)
        try definition.validatePut(item, condition: condition, table: table)
        let stem = KeyFileName.stem(ofKey: item, in: definition)
        try definition.checkCondition(condition, on: tables[table]?.items[stem], table: table)
        tables[table]?.items[stem] = item
    }

    public func getItem(table: String, key: Item) throws -> Item? {
        let definition = try self.definition(table)
        try definition.validateKey(key)
        return tables[table]?.items[KeyFileName.stem(ofKey: key, in: definition)]
    }

    public func updateItem(table: String, key: Item, actions: [UpdateAction], condition: Condition?) throws -> Item {
        let definition = try self.definition(table)
        try definition.validateKeyedWrite(key: key, actions: actions, condition: condition)
        let stem = KeyFileName.stem(ofKey: key, in: definition)
        let current = tables[table]?.items[stem]
        try definition.checkCondition(condition, on: current, table: table)
        let updated = try definition.updatedItem(current, key: key, actions: actions, table: table)
        tables[table]?.items[stem] = updated
        return updated
    }

    @discardableResult
    public func deleteItem(table: String, key: Item, condition: Condition?) throws -> Item? {
        let definition = try self.definition(table)
        try definition.validateKeyedWrite(key: key, condition: condition)
        let stem = KeyFileName.stem(ofKey: key, in: definition)
        let current = tables[table]?.items[stem]
        try definition.checkCondition(condition, on: current, table: table)
        tables[table]?.items[stem] = nil
        return current
    }

    public func query(_ request: QueryRequest) throws -> ItemPage {
        let plan = try QueryPlan(definition: definition(request.table), request: request)
        let candidates = (tables[request.table]?.items.values ?? [:].values)
            .filter(plan.matches)
            .map { (position: plan.position(of: $0), item: $0) }
            .filter { plan.isAfterStart($0.position) }
            .sorted { plan.precedes($0.position, $1.position) }
        return try PagePlan.collect(candidates, limit: request.limit, filter: request.filter,
                                    load: { $0.item }, lastEvaluatedKey: plan.lastEvaluatedKey)
    }

    public func scan(_ request: ScanRequest) throws -> ItemPage {
        let definition = try self.definition(request.table)
        let start = try PagePlan.scanStart(request, definition: definition)
        let items = tables[request.table]?.items ?? [:]
        // Stems are ASCII, so String order is byte order.
        let ordered = items.keys.sorted().filter { stem in start.map { $0 < stem } ?? true }
        return try PagePlan.collect(ordered, limit: request.limit, filter: request.filter,
                                    load: { items[$0] }, lastEvaluatedKey: { definition.key(of: $0) ?? [:] })
    }

    private func definition(_ table: String) throws -> TableDefinition {
        guard let definition = tables[table]?.definition else { throw TableError.resourceNotFound(table: table) }
        return definition
    }
}
