import Foundation
import Shared
import WireFormat

/// What a store answered to one operation, in a form every store's answer can be compared in:
/// a query's pages in order, a scan's items as a set (a Scan has no order), errors by kind.
enum TableOutcome: Equatable, CustomStringConvertible {
    case written
    case item(Item?)
    /// Each page's items and whether a key followed it.
    case pages([[Item]], continued: [Bool])
    /// Every item the walk returned (sorted by their JSON text) and how many pages it took.
    case scanned([String], pages: Int)
    case failed(String)

    var description: String {
        switch self {
        case .written: "written"
        case .item(let item): "item \(item.map { JSON.string($0) } ?? "none")"
        case .pages(let pages, let continued):
            "pages \(pages.map { $0.map { JSON.string($0) } }) continued \(continued)"
        case .scanned(let items, let pages): "\(items.count) items in \(pages) pages: \(items)"
        case .failed(let kind): "failed: \(kind)"
        }
    }

    /// The kind of a store's error: what every store must agree on. Validation messages are
    /// the stores' own, except those of `TableRules`, which all of them give.
    static func failure(_ error: Error) -> TableOutcome {
        guard let error = error as? TableError else { return .failed("unexpected \(error)") }
        switch error {
        case .conditionalCheckFailed: return .failed("ConditionalCheckFailed")
        case .resourceNotFound: return .failed("ResourceNotFound")
        case .itemTooLarge: return .failed("ItemTooLarge")
        case .transactionCanceled(let reasons): return .failed("TransactionCanceled \(reasons.map(\.code))")
        case .validation(let message):
            let shared =
                message.hasPrefix("The provided starting key") || message.contains("significant digits")
                || message.hasPrefix("Number overflow") || message.hasPrefix("Number underflow")
            return .failed(shared ? "Validation: \(message)" : "Validation")
        }
    }
}

/// Runs operations on one store.
struct TableRunner {
    let store: any TableStore

    func run(_ operation: TableOperation) async -> TableOutcome {
        do {
            switch operation {
            case .put(let table, let item, let condition):
                try await store.putItem(table: table, item: item, condition: condition)
                return .written
            case .update(let table, let key, let actions, let condition):
                return .item(try await store.updateItem(table: table, key: key, actions: actions, condition: condition))
            case .delete(let table, let key, let condition):
                return .item(try await store.deleteItem(table: table, key: key, condition: condition))
            case .get(let table, let key):
                return .item(try await store.getItem(table: table, key: key))
            case .query(let request), .foreignStart(let request):
                return try await walk(request)
            case .scan(let request):
                return try await walk(request)
            case .transaction(let items):
                try await store.transactWriteItems(items)
                return .written
            }
        } catch {
            return TableOutcome.failure(error)
        }
    }

    private func walk(_ request: QueryRequest) async throws -> TableOutcome {
        var request = request
        var pages: [[Item]] = []
        var continued: [Bool] = []
        for _ in 0..<100 {
            let page = try await store.query(request)
            pages.append(page.items)
            continued.append(page.lastEvaluatedKey != nil)
            guard let next = page.lastEvaluatedKey else { break }
            request.exclusiveStartKey = next
        }
        return .pages(pages, continued: continued)
    }

    private func walk(_ request: ScanRequest) async throws -> TableOutcome {
        var request = request
        var items: [String] = []
        var pages = 0
        for _ in 0..<100 {
            let page = try await store.scan(request)
            items += page.items.map { JSON.string($0) }
            pages += 1
            guard let next = page.lastEvaluatedKey else { break }
            request.exclusiveStartKey = next
        }
        return .scanned(items.sorted(), pages: pages)
    }

    /// How many items a query's key condition or a scan reads in all, filters and pages aside:
    /// whether `limit` divides it decides whether a list ends on a full page.
    func matched(_ operation: TableOperation) async throws -> Int? {
        switch operation {
        case .query(var request):
            (request.filter, request.limit, request.exclusiveStartKey) = (nil, nil, nil)
            return try await store.query(request).items.count
        case .scan(let request):
            return try await store.scan(ScanRequest(table: request.table)).items.count
        default:
            return nil
        }
    }
}
