import Foundation
import Shared
import WireFormat

/// One request of a differential run, sent alike to every table store.
enum TableOperation: CustomStringConvertible {
    case put(table: String, item: Item, condition: Condition?)
    case update(table: String, key: Item, actions: [UpdateAction], condition: Condition?)
    case delete(table: String, key: Item, condition: Condition?)
    case get(table: String, key: Item)
    /// A query walked page by page from its first page to its last.
    case query(QueryRequest)
    /// A scan walked page by page.
    case scan(ScanRequest)
    case transaction([TransactWriteItem])
    /// A query continued from a start key the generator altered (another partition, an extra
    /// or missing attribute): DynamoDB refuses it.
    case foreignStart(QueryRequest)

    /// The page size of a query or scan.
    var limit: Int? {
        switch self {
        case .query(let request), .foreignStart(let request): request.limit
        case .scan(let request): request.limit
        default: nil
        }
    }

    var description: String {
        switch self {
        case .put(let table, let item, let condition):
            "put \(table) \(JSON.string(item)) if \(condition.map { "\($0)" } ?? "-")"
        case .update(let table, let key, let actions, let condition):
            "update \(table) \(JSON.string(key)) \(actions) if \(condition.map { "\($0)" } ?? "-")"
        case .delete(let table, let key, let condition):
            "delete \(table) \(JSON.string(key)) if \(condition.map { "\($0)" } ?? "-")"
        case .get(let table, let key): "get \(table) \(JSON.string(key))"
        case .query(let request): "query \(request)"
        case .scan(let request): "scan \(request)"
        case .transaction(let items): "transaction \(items)"
        case .foreignStart(let request): "query from an altered start key \(request)"
        }
    }
}

/// The two tables of a run: composite keys with a sparse index, and simple keys with a numeric
/// index sort key. Index sort values are unique per item, since DynamoDB leaves the order of
/// equal index sort keys unspecified.
struct DifferentialTables {
    let events: TableDefinition
    let accounts: TableDefinition

    init(prefix: String) {
        events = TableDefinition(
            name: prefix + "-events",
            partitionKey: KeyAttribute("pk"),
            sortKey: KeyAttribute("sk", .number),
            indexes: [
                IndexDefinition(
                    name: "by-group",
                    partitionKey: KeyAttribute("group"),
                    sortKey: KeyAttribute("rank")
                )
            ]
        )
        accounts = TableDefinition(
            name: prefix + "-accounts",
            partitionKey: KeyAttribute("id"),
            indexes: [
                IndexDefinition(
                    name: "by-status",
                    partitionKey: KeyAttribute("status"),
                    sortKey: KeyAttribute("seq", .number)
                )
            ]
        )
    }

    var all: [TableDefinition] { [events, accounts] }
}
