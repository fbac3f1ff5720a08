import AWSClients
import Foundation
import LocalAWS
import Shared
import TestSupport
import WireFormat

/// The `TableStore` implementations the conformance suite runs against: both stand-ins, and
/// DynamoDB itself as moto serves it (where python3 has moto), so the stand-ins mean what AWS means.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory
    case file
    case dynamodb

    var description: String { self == .dynamodb ? "DynamoDB on moto" : rawValue }

    static let available: [StoreKind] = MotoServer.isAvailable ? allCases : [.memory, .file]
}

/// Runs `body` with a fresh store of the given kind; a file store lives in a temporary
/// directory that is removed afterwards. On moto, whose tables every test of the run shares
/// (and outlive a test), `Tables` names the tables with a prefix of this test's own.
func withStore(_ kind: StoreKind, _ body: (any TableStore) async throws -> Void) async throws {
    switch kind {
    case .memory:
        try await body(MemoryTableStore())
    case .file:
        try await withTemporaryDirectory { root in try await body(FileTableStore(root: root)) }
    case .dynamodb:
        let store = DynamoDBTableStore(configuration: try await MotoServer.configuration())
        try await Tables.$prefix.withValue(MotoServer.uniqueName("conformance")) { try await body(store) }
    }
}

/// Runs `body` with a new empty directory, removed afterwards.
func withTemporaryDirectory(_ body: (URL) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("testex-tables-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try await body(directory)
}

/// Table definitions shaped like the system's own tables.
enum Tables {
    /// What the tables' names begin with: `test-testex`, or a prefix of the test's own on moto.
    @TaskLocal static var prefix = "test-testex"

    /// Simple key; a client index sorted by creation time and a sparse status index sorted by value.
    static var contracts: TableDefinition {
        TableDefinition(
            name: prefix + "-contracts",
            partitionKey: KeyAttribute("contract_id"),
            indexes: [
                IndexDefinition(
                    name: "client-index",
                    partitionKey: KeyAttribute("client_id"),
                    sortKey: KeyAttribute("created_at")
                ),
                IndexDefinition(
                    name: "status-value-index",
                    partitionKey: KeyAttribute("status"),
                    sortKey: KeyAttribute("value", .number)
                ),
                IndexDefinition(name: "region-index", partitionKey: KeyAttribute("region")),
            ]
        )
    }

    /// Composite key with a numeric sort key.
    static var events: TableDefinition {
        TableDefinition(
            name: prefix + "-events",
            partitionKey: KeyAttribute("stream"),
            sortKey: KeyAttribute("seq", .number)
        )
    }
}

extension JSONValue {
    /// An exact decimal from its text, e.g. `.decimal("50000.50")`.
    static func decimal(_ text: String) -> JSONValue {
        .number(Decimal(string: text)!)
    }
}

func contract(
    _ id: String,
    client: String = "CL001XYZ",
    status: String? = "ACTIVE",
    value: String = "100",
    created: String = "2024-01-01T00:00:00Z",
    extra: Item = [:]
) -> Item {
    var item: Item = [
        "contract_id": .string(id), "client_id": .string(client), "value": .decimal(value),
        "created_at": .string(created), "version": 1,
    ]
    item["status"] = status.map(JSONValue.string)
    return item.merging(extra) { $1 }
}

extension Array where Element == Item {
    /// The values of one attribute, for comparing orders.
    func values(_ name: String) -> [JSONValue?] {
        map { $0[name] }
    }
}

extension TableError {
    var isValidation: Bool {
        if case .validation = self { return true }
        return false
    }

    /// An item-too-large refusal for `table`, whatever size it reports.
    func isItemTooLarge(table: String) -> Bool {
        if case .itemTooLarge(table, _) = self { return true }
        return false
    }
}

extension TableDefinition {
    /// The same name, keys and indexes, the indexes in any order.
    func hasSameKeys(as other: TableDefinition) -> Bool {
        name == other.name && partitionKey == other.partitionKey && sortKey == other.sortKey
            && Set(indexes) == Set(other.indexes)
    }
}

/// Every page of a query, following `lastEvaluatedKey`, with the pages' sizes.
func allPages(of request: QueryRequest, in store: any TableStore) async throws -> (items: [Item], pageSizes: [Int]) {
    var request = request
    var items: [Item] = []
    var sizes: [Int] = []
    for _ in 0..<1_000 {
        let page = try await store.query(request)
        items += page.items
        sizes.append(page.items.count)
        guard let next = page.lastEvaluatedKey else { return (items, sizes) }
        request.exclusiveStartKey = next
    }
    throw TableError.validation("pagination did not end")
}

/// Every page of a scan, following `lastEvaluatedKey`, with the pages' sizes.
func allPages(of request: ScanRequest, in store: any TableStore) async throws -> (items: [Item], pageSizes: [Int]) {
    var request = request
    var items: [Item] = []
    var sizes: [Int] = []
    for _ in 0..<1_000 {
        let page = try await store.scan(request)
        items += page.items
        sizes.append(page.items.count)
        guard let next = page.lastEvaluatedKey else { return (items, sizes) }
        request.exclusiveStartKey = next
    }
    throw TableError.validation("pagination did not end")
}
