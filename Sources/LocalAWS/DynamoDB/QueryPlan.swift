import Foundation
import Shared

/// Where an item sits in a query's order: its (index or table) sort-key value, then its table key.
struct QueryPosition {
    var sortValue: JSONValue?
    /// The table key's values in the order of `TableDefinition.keyAttributes` (cheaper than an Item
    /// when thousands of positions are compared).
    var tableKey: [JSONValue]

    /// Whether both positions are the same place: equal sort values and equal table keys.
    func isSame(as other: QueryPosition) -> Bool {
        let sameSort = switch (sortValue, other.sortValue) {
        case (nil, nil): true
        case (let a?, let b?): a.isDynamoEqual(to: b)
        default: false
        }
        return sameSort && tableKey.count == other.tableKey.count
            && zip(tableKey, other.tableKey).allSatisfy { $0.isDynamoEqual(to: $1) }
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
            throw TableError.validation("query partition key \(partitionAttribute.name) must be a non-empty \(partitionAttribute.type.rawValue)")
        }
        if let condition = request.sortKey {
            guard let sortAttribute else {
                throw TableError.validation("query has a sort key condition but \(request.index ?? request.table) has no sort key")
            }
            try condition.validate(for: sortAttribute)
        }
        try PagePlan.validate(limit: request.limit, filter: request.filter)
        let sortAttribute = sortAttribute
        start = try request.exclusiveStartKey.map { try Self.position(ofStartKey: $0, definition, sortAttribute) }
    }

    /// Whether the item is in the queried partition (and index) and satisfies the sort-key condition.
    func matches(_ item: Item) -> Bool {
        if let index, !index.contains(item) { return false }
        guard let partition = item[partitionAttribute.name], partition.isDynamoEqual(to: request.partitionKey) else { return false }
        return matchesSortCondition(sortAttribute.flatMap { item[$0.name] })
    }

    /// Whether a sort-key value satisfies the request's sort-key condition (true without one).
    func matchesSortCondition(_ value: JSONValue?) -> Bool {
        guard let condition = request.sortKey else { return true }
        return value.map(condition.matches) ?? false
    }

    /// The item's position in this query's order (the item must match).
    func position(of item: Item) -> QueryPosition {
        QueryPosition(sortValue: sortAttribute.flatMap { item[$0.name] },
                      tableKey: definition.keyAttributes.map { item[$0.name] ?? .null })
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
        for (left, right) in zip(a.tableKey, b.tableKey) {
            let order = Self.compareKeyValues(left, right)
            if order != .orderedSame { return order }
        }
        return .orderedSame
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

    private static func position(ofStartKey key: Item, _ definition: TableDefinition, _ sortAttribute: KeyAttribute?) throws -> QueryPosition {
        guard let tableKey = definition.key(of: key) else {
            throw TableError.validation("the exclusive start key does not hold the table's key")
        }
        var sortValue: JSONValue?
        if let sortAttribute {
            guard let value = key[sortAttribute.name], value.matches(sortAttribute.type) else {
                throw TableError.validation("the exclusive start key does not hold \(sortAttribute.name)")
            }
            sortValue = value
        }
        return QueryPosition(sortValue: sortValue, tableKey: definition.keyAttributes.map { tableKey[$0.name]! })
    }
}
