import Foundation
import WireFormat

/// A condition on one item, as DynamoDB's condition and filter expressions express them.
/// Comparisons follow DynamoDB: strings by UTF-8 bytes, numbers numerically, and a comparison with
/// a missing attribute or a value of another type is false.
public indirect enum Condition: Sendable, Hashable {
    case attributeExists(String)
    case attributeNotExists(String)
    case equals(String, JSONValue)
    case notEquals(String, JSONValue)
    case lessThan(String, JSONValue)
    case lessThanOrEqual(String, JSONValue)
    case greaterThan(String, JSONValue)
    case greaterThanOrEqual(String, JSONValue)
    case between(String, JSONValue, JSONValue)
    case beginsWith(String, String)
    case contains(String, JSONValue)
    case and([Condition])
    case or([Condition])
    case not(Condition)
}

/// The sort-key part of a query's key condition.
public enum SortKeyCondition: Sendable, Hashable {
    case equals(JSONValue)
    case lessThan(JSONValue)
    case lessThanOrEqual(JSONValue)
    case greaterThan(JSONValue)
    case greaterThanOrEqual(JSONValue)
    case between(JSONValue, JSONValue)
    case beginsWith(String)
}

/// One action of an update, as DynamoDB's update expression clauses (SET, REMOVE, ADD).
public enum UpdateAction: Sendable, Hashable {
    case set(String, JSONValue)
    case remove(String)
    /// Adds a number to a numeric attribute (a missing attribute counts as 0).
    case add(String, Decimal)
}

/// A query on the table's key or one of its indexes.
public struct QueryRequest: Sendable, Hashable {
    public var table: String
    public var index: String?
    public var partitionKey: JSONValue
    public var sortKey: SortKeyCondition?
    public var filter: Condition?
    public var limit: Int?
    public var exclusiveStartKey: Item?
    public var scanForward: Bool

    public init(
        table: String,
        index: String? = nil,
        partitionKey: JSONValue,
        sortKey: SortKeyCondition? = nil,
        filter: Condition? = nil,
        limit: Int? = nil,
        exclusiveStartKey: Item? = nil,
        scanForward: Bool = true
    ) {
        self.table = table
        self.index = index
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.filter = filter
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.scanForward = scanForward
    }
}

/// A scan of the whole table.
public struct ScanRequest: Sendable, Hashable {
    public var table: String
    public var filter: Condition?
    public var limit: Int?
    public var exclusiveStartKey: Item?

    public init(table: String, filter: Condition? = nil, limit: Int? = nil, exclusiveStartKey: Item? = nil) {
        self.table = table
        self.filter = filter
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
    }
}

/// One page of a query or scan. `lastEvaluatedKey` is nil on the last page.
public struct ItemPage: Sendable, Hashable {
    public var items: [Item]
    public var lastEvaluatedKey: Item?

    public init(items: [Item], lastEvaluatedKey: Item?) {
        self.items = items
        self.lastEvaluatedKey = lastEvaluatedKey
    }
}

/// Errors of the table service, named as DynamoDB names them.
public enum TableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The condition of a put, update or delete was false; nothing was written.
    case conditionalCheckFailed(table: String)
    /// The table does not exist.
    case resourceNotFound(table: String)
    /// The item is larger than 400 KB; nothing was written.
    case itemTooLarge(table: String, bytes: Int)
    /// The request itself is invalid (missing key attribute, unknown index, bad start key, ...).
    case validation(String)
    /// A transaction was refused as a whole; one reason per action, in the order they were sent.
    case transactionCanceled(reasons: [CancellationReason])

    public var description: String {
        switch self {
        case .conditionalCheckFailed(let table):
            "ConditionalCheckFailedException: the conditional request failed (\(table))"
        case .resourceNotFound(let table): "ResourceNotFoundException: table \(table) does not exist"
        case .itemTooLarge(let table, let bytes):
            "ValidationException: item size \(bytes) bytes exceeds the 400 KB limit (\(table))"
        case .validation(let message): "ValidationException: \(message)"
        case .transactionCanceled(let reasons):
            "TransactionCanceledException: Transaction cancelled, please refer "
                + "cancellation reasons for specific reasons "
                + "[\(reasons.map(\.code).joined(separator: ", "))]"
        }
    }
}

/// The largest item DynamoDB stores, in bytes as DynamoDB counts them.
public let maximumItemSize = 400 * 1024

/// Key-value tables with DynamoDB's semantics. Every write is atomic and durable when it returns;
/// a conditional write is atomic with respect to every other writer of the same table.
public protocol TableStore: Sendable {
    /// Creates the table if absent; an existing table with the same definition is left as it is.
    func createTable(_ definition: TableDefinition) async throws
    /// The tables that exist, by physical name.
    func listTables() async throws -> [String]
    /// The definition of a table, or nil when it does not exist.
    func describeTable(_ table: String) async throws -> TableDefinition?
    /// Writes the whole item, replacing any item with the same key, if `condition` holds on the current item.
    func putItem(table: String, item: Item, condition: Condition?) async throws
    /// The item with this key, or nil when absent.
    func getItem(table: String, key: Item) async throws -> Item?
    /// Applies the actions to the item (creating it when absent) if `condition` holds; returns the new item.
    func updateItem(table: String, key: Item, actions: [UpdateAction], condition: Condition?) async throws -> Item
    /// Deletes the item if `condition` holds; returns the deleted item, nil when there was none.
    @discardableResult
    func deleteItem(table: String, key: Item, condition: Condition?) async throws -> Item?
    /// Writes all the actions or none, as `TransactWriteItems`: 1 to 100 actions on distinct items,
    /// each with its own condition; if any condition is false, nothing is written and
    /// `transactionCanceled` gives one reason per action. Two actions on one item, more than
    /// 4 MB of items or an item over 400 KB are a `validation` error.
    func transactWriteItems(_ items: [TransactWriteItem]) async throws
    /// Items of one partition of the table or an index, in sort-key order, at most `limit` evaluated.
    func query(_ request: QueryRequest) async throws -> ItemPage
    /// All items in a stable order, at most `limit` evaluated, `filter` applied after the limit.
    func scan(_ request: ScanRequest) async throws -> ItemPage
}

extension TableStore {
    public func putItem(table: String, item: Item) async throws {
        try await putItem(table: table, item: item, condition: nil)
    }

    @discardableResult
    public func deleteItem(table: String, key: Item) async throws -> Item? {
        try await deleteItem(table: table, key: key, condition: nil)
    }
}
