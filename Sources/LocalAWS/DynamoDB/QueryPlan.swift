import Foundation
import Shared
import WireFormat

/// A table key's values: the partition value and, for a composite key, the sort value.
struct KeyValues {
    var partition: JSONValue
    var sort: JSONValue?

    init(partition: JSONValue, sort: JSONValue?) {
        self.partition = partition
        self.sort = sort
    }

    init(of item: Item, in definition: TableDefinition) {
        partition = item[definition.partitionKey.name] ?? .null
        sort = definition.sortKey.flatMap { item[$0.name] }
    }
}

/// Where an item sits in a query's order: its (index or table) sort-key value, then its table key.
struct QueryPosition {
    var sortValue: JSONValue?
    var tableKey: KeyValues

    /// Whether both positions are the same place: equal sort values and equal table keys.
    func isSame(as other: QueryPosition) -> Bool {
        Self.equal(sortValue, other.sortValue) && tableKey.partition.isDynamoEqual(to: other.tableKey.partition)
            && Self.equal(tableKey.sort, other.tableKey.sort)
    }

    private static func equal(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): a.isDynamoEqual(to: b)
        default: false
        }
    }
}

/// A validated query, shared by every `TableStore`: which attributes form the queried key, which
/// items match the key condition, their order (sort key, then table key; reversed when not
/// scanning forward) and the position to continue after.
struct QueryPlan {
    let definition: TableDefinition
    let request: QueryRequest
    let index: IndexDefinition?
    let partitionAttribute: KeyAttribute
    let sortAttribute: KeyAttribute?
    let start: QueryPosition?

    init(definition: TableDefinition, request: QueryRequest) throws {
        self.definition = definition
        self.request = request
        if let name = request.index {
            guard let index = definition.index(named: name) else {
                throw TableError.validation("table \(request.table) has no index \(name)")
            }
            self.index = index
            partitionAttribute = index.partitionKey
            sortAttribute = index.sortKey
        } else {
            index = nil
            partitionAttribute = definition.partitionKey
            sortAttribute = definition.sortKey
        }
        guard request.partitionKey.matches(partitionAttribute.type) else {
            throw TableError.validation(
                "query partition key \(partitionAttribute.name) must be a non-empty \(partitionAttribute.type.rawValue)"
            )
        }
        try TableRules.validateNumbers(in: request.partitionKey)
        if let condition = request.sortKey {
            guard let sortAttribute else {
                throw TableError.validation(
                    "query has a sort key condition but \(request.index ?? request.table) has no sort key"
                )
            }
            try condition.validate(for: sortAttribute)
        }
        try PagePlan.validate(limit: request.limit, filter: request.filter)
        guard let key = request.exclusiveStartKey else {
            start = nil
            return
        }
        try TableRules.validateQueryStart(key, definition: definition, index: index, partitionKey: request.partitionKey)
        let position = QueryPosition(
            sortValue: sortAttribute.flatMap { key[$0.name] },
            tableKey: KeyValues(of: key, in: definition)
        )
        if let condition = request.sortKey, !(position.sortValue.map(condition.matches) ?? false) {
            throw TableError.validation("The provided starting key does not match the range key predicate")
        }
        start = position
    }

    /// Whether the item is in the queried partition (and index) and satisfies the sort-key condition.
    func matches(_ item: Item) -> Bool {
        if let index, !index.contains(item) { return false }
        guard let partition = item[partitionAttribute.name], partition.isDynamoEqual(to: request.partitionKey) else {
            return false
        }
        return matchesSortCondition(sortAttribute.flatMap { item[$0.name] })
    }

    /// Whether a sort-key value satisfies the request's sort-key condition (true without one).
    func matchesSortCondition(_ value: JSONValue?) -> Bool {
        guard let condition = request.sortKey else { return true }
        return value.map(condition.matches) ?? false
    }

    /// The item's position in this query's order (the item must match).
    func position(of item: Item) -> QueryPosition {
        QueryPosition(sortValue: sortAttribute.flatMap { item[$0.name] }, tableKey: KeyValues(of: item, in: definition))
    }

    /// Whether `a` comes before `b` in the order results are returned.
    func precedes(_ a: QueryPosition, _ b: QueryPosition) -> Bool {
        let order = compare(a, b)
        return request.scanForward ? order == .orderedAscending : order == .orderedDescending
    }

    /// Whether a position comes after the exclusive start key (every position does without one).
    func isAfterStart(_ position: QueryPosition) -> Bool {
        guard let start else { return true }
        return precedes(start, position)
    }

    /// The key that resumes after this item: the table key, plus the index key for an index query.
    func lastEvaluatedKey(of item: Item) -> Item {
        var key = definition.key(of: item) ?? [:]
        for attribute in index?.keyAttributes ?? [] {
            key[attribute.name] = item[attribute.name]
        }
        return key
    }

    private func compare(_ a: QueryPosition, _ b: QueryPosition) -> ComparisonResult {
        let bySort = Self.compareKeyValues(a.sortValue, b.sortValue)
        guard bySort == .orderedSame, index != nil else { return bySort }
        let byPartition = Self.compareKeyValues(a.tableKey.partition, b.tableKey.partition)
        guard byPartition == .orderedSame else { return byPartition }
        return Self.compareKeyValues(a.tableKey.sort, b.tableKey.sort)
    }

    /// Key values of one attribute share a type, so `dynamoCompare` always orders them.
    static func compareKeyValues(_ a: JSONValue?, _ b: JSONValue?) -> ComparisonResult {
        switch (a, b) {
        case (nil, nil): .orderedSame
        case (nil, _): .orderedAscending
        case (_, nil): .orderedDescending
        case (let a?, let b?): a.dynamoCompare(b) ?? .orderedSame
        }
    }
}
