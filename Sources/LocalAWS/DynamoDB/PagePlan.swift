import Foundation
import Shared

/// Pagination shared by every `TableStore`, as DynamoDB pages: `limit` counts the items evaluated
/// (matched by the key condition, or read by a scan) before the filter drops any, so a page may
/// hold fewer items than `limit`, even none, and still have a next page.
///
/// `lastEvaluatedKey` is returned exactly when `limit` items were evaluated and another item
/// follows (found by looking one item ahead), so the last page never ends with an empty
/// follow-up; DynamoDB may return one there, and callers must accept both.
enum PagePlan {
    static func validate(limit: Int?, filter: Condition?) throws {
        if let limit, limit < 1 { throw TableError.validation("limit must be at least 1") }
        try filter?.validate()
    }

    /// Walks candidates in order; `load` gives an item or nil for a candidate that turned out not
    /// to exist (vanished, stale), which is skipped and not counted.
    static func collect<C: Sequence>(
        _ candidates: C, limit: Int?, filter: Condition?,
        load: (C.Element) throws -> Item?, lastEvaluatedKey: (Item) -> Item
    ) throws -> ItemPage {
        var items: [Item] = []
        var evaluated = 0
        var last: Item?
        for candidate in candidates {
            guard let item = try load(candidate) else { continue }
            if let limit, evaluated == limit, let last {
                return ItemPage(items: items, lastEvaluatedKey: lastEvaluatedKey(last))
            }
            evaluated += 1
            last = item
            if filter?.isSatisfied(by: item) ?? true { items.append(item) }
        }
        return ItemPage(items: items, lastEvaluatedKey: nil)
    }

    /// The file-name stem a scan continues after, from its exclusive start key.
    static func scanStart(_ request: ScanRequest, definition: TableDefinition) throws -> String? {
        try validate(limit: request.limit, filter: request.filter)
        guard let startKey = request.exclusiveStartKey else { return nil }
        guard let key = definition.key(of: startKey) else {
            throw TableError.validation("the exclusive start key does not hold the table's key")
        }
        return KeyFileName.stem(ofKey: key, in: definition)
    }
}
