import Foundation
import Shared
import WireFormat

/// Pagination shared by every `TableStore`, as DynamoDB pages: `limit` counts the items evaluated
/// (matched by the key condition, or read by a scan) before the filter drops any, so a page may
/// hold fewer items than `limit`, even none, and still have a next page.
///
/// `lastEvaluatedKey` is returned whenever `limit` items were evaluated, whether or not another
/// item follows, as DynamoDB does ("it stops the operation and returns ... a key in
/// LastEvaluatedKey"): a list that ends on a full page takes one more round trip, which answers
/// an empty page without a key.
enum PagePlan {
    static func validate(limit: Int?, filter: Condition?) throws {
        if let limit, limit < 1 { throw TableError.validation("limit must be at least 1") }
        try filter?.validate()
    }

    /// Walks candidates in order; `load` gives an item or nil for a candidate that turned out not
    /// to exist (vanished, stale), which is skipped and not counted.
    static func collect<C: Sequence>(
        _ candidates: C,
        limit: Int?,
        filter: Condition?,
        load: (C.Element) throws -> Item?,
        lastEvaluatedKey: (Item) -> Item
    ) throws -> ItemPage {
        var items: [Item] = []
        var evaluated = 0
        for candidate in candidates {
            guard let item = try load(candidate) else { continue }
            evaluated += 1
            if filter?.isSatisfied(by: item) ?? true { items.append(item) }
            if let limit, evaluated == limit {
                return ItemPage(items: items, lastEvaluatedKey: lastEvaluatedKey(item))
            }
        }
        return ItemPage(items: items, lastEvaluatedKey: nil)
    }

    /// Where a scan continues after its exclusive start key, once the key is checked as DynamoDB
    /// checks it: exactly the table's key attributes.
    static func scanStart(_ request: ScanRequest, definition: TableDefinition) throws -> ScanOrder.Position? {
        try validate(limit: request.limit, filter: request.filter)
        guard let startKey = request.exclusiveStartKey else { return nil }
        try TableRules.validateScanStart(startKey, definition: definition)
        return ScanOrder.position(KeyFileName.stem(ofKey: startKey, in: definition))
    }
}

/// The order a scan walks a table in on the stand-ins: by a hash of each key, as DynamoDB's
/// partitions scatter items, stable across runs and machines but not the order of the keys, so
/// no caller can come to rely on a Scan returning items sorted. Lists that promise an order get
/// it from an index's sort key or sort what they read.
enum ScanOrder {
    /// An item's place: its key's hash, then (for the rare equal hashes) the key's file-name stem.
    struct Position: Comparable {
        let hash: UInt64
        let stem: String

        static func < (a: Position, b: Position) -> Bool {
            a.hash != b.hash ? a.hash < b.hash : a.stem < b.stem
        }
    }

    static func position(_ stem: String) -> Position {
        Position(hash: FNV1a64.hash(stem.utf8), stem: stem)
    }

    /// The stems in scan order, those after `start` only.
    static func ordered(_ stems: some Sequence<String>, after start: Position?) -> [String] {
        let positions = stems.map(position)
        guard let start else { return positions.sorted().map(\.stem) }
        return positions.filter { start < $0 }.sorted().map(\.stem)
    }
}
