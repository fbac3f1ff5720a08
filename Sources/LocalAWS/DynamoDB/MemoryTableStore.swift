import AWSEvents
import Foundation
import Shared
import WireFormat

/// DynamoDB tables held in memory, with exactly the semantics of `FileTableStore`: fast, for tests.
/// Tables with a stream keep their committed changes as stream records for 24 hours.
public actor MemoryTableStore: TableStore, TableStreams {
    private struct Table {
        let definition: TableDefinition
        /// Items by their key's file-name stem, so a scan walks them in the file store's order (`ScanOrder`).
        var items: [String: Item] = [:]
        var stream: LocalStream?
        /// The stream's records, oldest first: their sequence, when they were made, the change.
        var records: [(sequence: UInt64, date: Date, change: ItemChange)] = []
        /// For the table's key ("") and each index: the stems of the items by partition value, so a
        /// query reads its partition's items instead of every item (as the file store reads its
        /// partition's directory).
        var partitions: [String: [String: Set<String>]] = [:]

        init(definition: TableDefinition, items: [String: Item] = [:]) {
            self.definition = definition
            self.items = items
            for (stem, item) in items { index(item, stem: stem, adding: true) }
        }

        /// The partition attribute of the table's key ("") and of each index.
        var partitionAttributes: [(index: String, attribute: String)] {
            [("", definition.partitionKey.name)] + definition.indexes.map { ($0.name, $0.partitionKey.name) }
        }

        mutating func index(_ item: Item, stem: String, adding: Bool) {
            for (index, attribute) in partitionAttributes {
                guard let token = item[attribute].flatMap(Self.partitionToken) else { continue }
                if adding {
                    partitions[index, default: [:]][token, default: []].insert(stem)
                } else {
                    partitions[index]?[token]?.remove(stem)
                    if partitions[index]?[token]?.isEmpty == true { partitions[index]?[token] = nil }
                }
            }
        }

        /// A key value as one text, equal for values DynamoDB holds equal (`1` and `1.0`).
        static func partitionToken(_ value: JSONValue) -> String? {
            switch value {
            case .string(let text): "S" + text
            case .number(let number): "N" + number.description
            default: nil
            }
        }
    }

    private var tables: [String: Table] = [:]
    private var nextSequence: UInt64 = 1
    private let clock: @Sendable () -> Date
    private let identity: StandInIdentity

    /// An empty store; `clock` dates stream records.
    public init(clock: @escaping @Sendable () -> Date = { Date() }, identity: StandInIdentity = StandInIdentity()) {
        self.clock = clock
        self.identity = identity
    }

    public func createTable(_ definition: TableDefinition) throws {
        try definition.validate()
        if let existing = tables[definition.name] {
            guard existing.definition.withStream(nil) == definition.withStream(nil) else {
                throw TableError.validation("table \(definition.name) already exists with a different definition")
            }
            guard existing.definition.stream != definition.stream else { return }
        }
        var table = Table(definition: definition, items: tables[definition.name]?.items ?? [:])
        table.stream = definition.stream.map {
            LocalStream(
                table: definition.name,
                viewType: $0,
                label: LocalStream.label(at: clock()),
                identity: identity
            )
        }
        tables[definition.name] = table
    }

    public func listTables() -> [String] {
        tables.keys.sorted()
    }

    public func describeTable(_ table: String) -> TableDefinition? {
        tables[table]?.definition
    }

    public func putItem(table: String, item: Item, condition: Condition?) throws {
        _ = try writeOne(.put(table: table, item: item, condition: condition))
    }

    public func getItem(table: String, key: Item) throws -> Item? {
        let definition = try self.definition(table)
        try definition.validateKey(key)
        return tables[table]?.items[KeyFileName.stem(ofKey: key, in: definition)]
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
        let outcomes = try plan.evaluate(current: plan.actions.map { tables[$0.item.table]?.items[$0.stem] })
        commit(plan, outcomes)
    }

    private func writeOne(_ item: TransactWriteItem) throws -> TransactionPlan.Outcome {
        let plan = try TransactionPlan([item], transaction: false, definition: definition)
        let action = plan.actions[0]
        let outcome = try plan.evaluateSingle(current: tables[action.item.table]?.items[action.stem])
        commit(plan, [outcome])
        return outcome
    }

    private func commit(_ plan: TransactionPlan, _ outcomes: [TransactionPlan.Outcome]) {
        let now = clock()
        for (action, outcome) in zip(plan.actions, outcomes) where outcome.old != outcome.new {
            tables[outcome.table]?.items[action.stem] = outcome.new
            if let old = outcome.old { tables[outcome.table]?.index(old, stem: action.stem, adding: false) }
            if let new = outcome.new { tables[outcome.table]?.index(new, stem: action.stem, adding: true) }
            guard tables[outcome.table]?.stream != nil else { continue }
            let change = ItemChange(table: outcome.table, key: outcome.key, old: outcome.old, new: outcome.new)
            tables[outcome.table]?.records.append((nextSequence, now, change))
            nextSequence += 1
        }
        expireRecords(before: now.addingTimeInterval(-streamRetention))
    }

    private func expireRecords(before cutoff: Date) {
        for name in tables.keys {
            guard let first = tables[name]?.records.first, first.date < cutoff else { continue }
            tables[name]?.records.removeAll { $0.date < cutoff }
        }
    }

    public func query(_ request: QueryRequest) throws -> ItemPage {
        let plan = try QueryPlan(definition: definition(request.table), request: request)
        let table = tables[request.table]
        let stems =
            Table.partitionToken(request.partitionKey).flatMap { table?.partitions[request.index ?? ""]?[$0] } ?? []
        let candidates = stems.compactMap { table?.items[$0] }
            .filter(plan.matches)
            .map { (position: plan.position(of: $0), item: $0) }
            .filter { plan.isAfterStart($0.position) }
            .sorted { plan.precedes($0.position, $1.position) }
        return try PagePlan.collect(
            candidates,
            limit: request.limit,
            filter: request.filter,
            load: { $0.item },
            lastEvaluatedKey: plan.lastEvaluatedKey
        )
    }

    public func scan(_ request: ScanRequest) throws -> ItemPage {
        let definition = try self.definition(request.table)
        let start = try PagePlan.scanStart(request, definition: definition)
        let items = tables[request.table]?.items ?? [:]
        let ordered = ScanOrder.ordered(items.keys, after: start)
        return try PagePlan.collect(
            ordered,
            limit: request.limit,
            filter: request.filter,
            load: { items[$0] },
            lastEvaluatedKey: { definition.key(of: $0) ?? [:] }
        )
    }

    public func streamArn(table: String) throws -> String? {
        _ = try definition(table)
        return tables[table]?.stream?.arn
    }

    public func shards(table: String) throws -> [StreamShard] {
        try stream(of: table).map { [StreamShard(shardId: $0.shardId)] } ?? []
    }

    public func records(table: String, after position: StreamPosition, limit: Int) throws -> [DynamoDBEvent.EventRecord]
    {
        guard let stream = try stream(of: table) else { throw TableError.validation("table \(table) has no stream") }
        let start = try stream.start(of: position)
        let records = tables[table]?.records ?? []
        let first = records.partitioningIndex { $0.sequence > start }
        return records[first...].prefix(max(0, limit)).map {
            stream.record($0.change, sequence: $0.sequence, at: $0.date)
        }
    }

    public func records(
        table: String,
        shard: String,
        at sequenceNumber: String,
        limit: Int
    ) throws -> [DynamoDBEvent.EventRecord] {
        guard let stream = try stream(of: table) else { throw TableError.validation("table \(table) has no stream") }
        return try records(table: table, after: stream.position(before: sequenceNumber, shard: shard), limit: limit)
    }

    private func stream(of table: String) throws -> LocalStream? {
        _ = try definition(table)
        return tables[table]?.stream
    }

    private func definition(_ table: String) throws -> TableDefinition {
        guard let definition = tables[table]?.definition else { throw TableError.resourceNotFound(table: table) }
        return definition
    }
}

extension RandomAccessCollection {
    /// The index of the first element for which `belongs` holds, in a collection where every
    /// element for which it holds comes after every one for which it does not.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = distance(from: startIndex, to: endIndex)
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if belongs(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
