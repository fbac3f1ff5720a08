import Foundation
import Shared
import WireFormat

/// Queries and scans: a query lists one partition directory (of an index, or the items of a
/// composite-key table), orders the names, and reads only the items its page needs.
extension FileTableStore {
    /// One item a query may return, known from a file name before the item is read.
    private struct Candidate {
        var position: QueryPosition
        var stem: String
        /// The item, when its file name was hashed and had to be read to learn its position.
        var preloaded: Item?
    }

    public func query(_ request: QueryRequest) throws -> ItemPage {
        let plan = try QueryPlan(definition: definition(request.table), request: request)
        return try shared { try query(plan, request) }
    }

    private func query(_ plan: QueryPlan, _ request: QueryRequest) throws -> ItemPage {
        let layout = FileTableLayout(root: root, table: request.table)
        let candidates = try candidates(plan, layout).filter { plan.isAfterStart($0.position) }
        let load = { (candidate: Candidate) throws -> Item? in
            // Re-read and re-check: an entry left behind by a crash or a concurrent write is dropped.
            guard let item = try candidate.preloaded ?? self.readItem(layout, stem: candidate.stem),
                plan.matches(item), plan.position(of: item).isSame(as: candidate.position)
            else { return nil }
            return item
        }
        guard request.limit != nil else {
            let ordered = candidates.sorted { plan.precedes($0.position, $1.position) }
            return try PagePlan.collect(
                ordered,
                limit: nil,
                filter: request.filter,
                load: load,
                lastEvaluatedKey: plan.lastEvaluatedKey
            )
        }
        // A page usually needs a few entries of a large partition: order them lazily.
        let ordered = HeapOrder(candidates) { plan.precedes($0.position, $1.position) }
        return try PagePlan.collect(
            ordered,
            limit: request.limit,
            filter: request.filter,
            load: load,
            lastEvaluatedKey: plan.lastEvaluatedKey
        )
    }

    public func scan(_ request: ScanRequest) throws -> ItemPage {
        let definition = try definition(request.table)
        let start = try PagePlan.scanStart(request, definition: definition)
        return try shared { try scan(request, definition, after: start) }
    }

    private func scan(
        _ request: ScanRequest,
        _ definition: TableDefinition,
        after start: ScanOrder.Position?
    ) throws -> ItemPage {
        let layout = FileTableLayout(root: root, table: request.table)
        let stems = ScanOrder.ordered(try itemStems(layout), after: start)
        return try PagePlan.collect(
            stems,
            limit: request.limit,
            filter: request.filter,
            load: { try readItem(layout, stem: $0) },
            lastEvaluatedKey: { definition.key(of: $0) ?? [:] }
        )
    }

    private func candidates(_ plan: QueryPlan, _ layout: FileTableLayout) throws -> [Candidate] {
        if let index = plan.index {
            let directory = layout.partitionDirectory(index: index, partition: plan.request.partitionKey)
            return try PosixFiles.names(in: directory).compactMap { name in
                guard let (sort, stem) = KeyFileName.parseIndexEntry(name, hasSortKey: index.sortKey != nil) else {
                    return nil
                }
                return try candidate(plan, layout, sortComponent: sort, stem: String(stem))
            }
        }
        let partition = KeyFileName.component(plan.request.partitionKey)
        guard plan.definition.sortKey != nil else {
            // A simple key: the partition value is the whole key, so at most one item matches.
            return try [candidate(plan, layout, sortComponent: nil, stem: partition)].compactMap { $0 }
        }
        let prefix = partition + KeyFileName.keySeparator
        return try itemStems(layout).compactMap { stem in
            guard stem.hasPrefix(prefix) else { return nil }
            return try candidate(plan, layout, sortComponent: KeyFileName.split(stem: Substring(stem)).sort, stem: stem)
        }
    }

    private func candidate(
        _ plan: QueryPlan,
        _ layout: FileTableLayout,
        sortComponent: Substring?,
        stem: String
    ) throws -> Candidate? {
        let sortValue = both(sortComponent, plan.sortAttribute).flatMap {
            KeyFileName.value(ofComponent: $0, type: $1.type)
        }
        let tableKey = KeyFileName.keyValues(fromStem: Substring(stem), in: plan.definition)
        var candidate: Candidate
        if let tableKey, plan.sortAttribute == nil || sortValue != nil {
            candidate = Candidate(position: QueryPosition(sortValue: sortValue, tableKey: tableKey), stem: stem)
        } else {
            // A hashed name does not give its values back; the item file holds them.
            guard let item = try readItem(layout, stem: stem), plan.matches(item) else { return nil }
            candidate = Candidate(position: plan.position(of: item), stem: stem, preloaded: item)
        }
        return plan.matchesSortCondition(candidate.position.sortValue) ? candidate : nil
    }

    private func itemStems(_ layout: FileTableLayout) throws -> [String] {
        try PosixFiles.names(in: layout.itemsDirectory).compactMap { name in
            name.hasSuffix(FileTableLayout.itemSuffix) ? String(name.dropLast(FileTableLayout.itemSuffix.count)) : nil
        }
    }
}

/// Both values, or nil when either is missing.
private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
