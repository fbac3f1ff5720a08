import Foundation
import LocalAWS
import Shared
import Testing
import WireFormat

/// What only the file store has: its files, its crash safety, sharing one root between stores.
@Suite("FileTableStore")
struct FileTableStoreTests {
    static let table = Tables.contracts.name

    static func tableDirectory(_ root: URL) -> URL {
        root.appendingPathComponent(table)
    }

    @Test
    func itemsArePlainSortedJSONFilesAtTheDocumentedPaths() async throws {
        try await withTemporaryDirectory { root in
            let store: any TableStore = FileTableStore(root: root)
            try await store.createTable(Tables.contracts)
            try await store.putItem(table: Self.table, item: contract("CT001ABC", value: "50000.5"))

            let directory = Self.tableDirectory(root)
            let definition = try Data(contentsOf: directory.appendingPathComponent("table.json"))
            #expect(try JSON.decode(TableDefinition.self, from: definition) == Tables.contracts)

            let text = try String(contentsOf: directory.appendingPathComponent("items/CT001ABC.json"), encoding: .utf8)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(object["contract_id"] as? String == "CT001ABC")
            #expect(text.contains("50000.5"))
            #expect(text.contains("\n  \""), "pretty-printed")
            let keyOrder = ["client_id", "contract_id", "created_at", "status", "value", "version"]
            let positions = keyOrder.compactMap { text.range(of: "\"\($0)\"")?.lowerBound }
            #expect(positions.count == keyOrder.count && positions == positions.sorted(), "keys sorted")

            let entries = [
                "indexes/client-index/CL001XYZ/2024-01-01T00%3A00%3A00Z,CT001ABC",
                "indexes/status-value-index/ACTIVE/50000.5,CT001ABC",
            ]
            for entry in entries {
                #expect(
                    FileManager.default.fileExists(atPath: directory.appendingPathComponent(entry).path),
                    "\(entry)"
                )
            }
        }
    }

    @Test
    func compositeKeysJoinTheirPartsInTheFileName() async throws {
        try await withTemporaryDirectory { root in
            let store: any TableStore = FileTableStore(root: root)
            try await store.createTable(Tables.events)
            try await store.putItem(table: Tables.events.name, item: ["stream": "a+b", "seq": .decimal("7.50")])
            let path = root.appendingPathComponent("\(Tables.events.name)/items/a%2Bb+7.5.json").path
            #expect(FileManager.default.fileExists(atPath: path))
            let item = try await store.getItem(
                table: Tables.events.name,
                key: ["stream": "a+b", "seq": .decimal("7.5")]
            )
            #expect(item?["seq"] == .decimal("7.5"))
        }
    }

    @Test
    func temporaryFilesOfUnfinishedWritesAreInvisible() async throws {
        try await withTemporaryDirectory { root in
            let store: any TableStore = FileTableStore(root: root)
            try await store.createTable(Tables.contracts)
            let item = contract("CT001ABC")
            try await store.putItem(table: Self.table, item: item)
            let directory = Self.tableDirectory(root)
            try Data("{\"contract_id\": \"CT999\"".utf8).write(
                to: directory.appendingPathComponent("items/\(DurableFile.temporaryMarker)1-2")
            )
            try Data().write(
                to: directory.appendingPathComponent("indexes/client-index/CL001XYZ/\(DurableFile.temporaryMarker)3-4")
            )

            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == item)
            #expect(try await store.scan(ScanRequest(table: Self.table)).items == [item])
            #expect(
                try await store.query(QueryRequest(table: Self.table, index: "client-index", partitionKey: "CL001XYZ"))
                    .items == [item]
            )
        }
    }

    @Test
    func staleIndexEntriesLeftByACrashAreFilteredOut() async throws {
        try await withTemporaryDirectory { root in
            let store: any TableStore = FileTableStore(root: root)
            try await store.createTable(Tables.contracts)
            let item = contract("CT1", client: "CL1", created: "2024-05-01")
            try await store.putItem(table: Self.table, item: item)
            let index = Self.tableDirectory(root).appendingPathComponent("indexes/client-index")
            // Entries a crash can leave: the item moved to another client, another date, or was never renamed in.
            for entry in ["CL9/2024-05-01,CT1", "CL1/2023-01-01,CT1", "CL1/2024-06-01,CT404"] {
                let url = index.appendingPathComponent(entry)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try Data().write(to: url)
            }
            #expect(
                try await store.query(QueryRequest(table: Self.table, index: "client-index", partitionKey: "CL9")).items
                    .isEmpty
            )
            let page = try await store.query(
                QueryRequest(table: Self.table, index: "client-index", partitionKey: "CL1")
            )
            #expect(page.items == [item])
        }
    }

    @Test
    func aCorruptItemFileGivesAnErrorNamingTheFile() async throws {
        try await withTemporaryDirectory { root in
            let store: any TableStore = FileTableStore(root: root)
            try await store.createTable(Tables.contracts)
            let file = Self.tableDirectory(root).appendingPathComponent("items/CT1.json")
            for content in ["{\"contract_id\": \"CT1\",", "[1, 2]"] {
                try Data(content.utf8).write(to: file)
                let getError = await #expect(throws: StorageError.self) {
                    try await store.getItem(table: Self.table, key: ["contract_id": "CT1"])
                }
                #expect(getError.map { "\($0)" }?.contains(file.path) == true)
                let scanError = await #expect(throws: StorageError.self) {
                    try await store.scan(ScanRequest(table: Self.table))
                }
                #expect(scanError.map { "\($0)" }?.contains("items/CT1.json") == true)
                await #expect(throws: StorageError.self) {
                    try await store.putItem(table: Self.table, item: ["contract_id": "CT1"])
                }
            }
        }
    }

    @Test
    func conditionalUpdatesFromTwoStoresOnOneRootLoseNoUpdate() async throws {
        try await withTemporaryDirectory { root in
            let stores: [any TableStore] = [FileTableStore(root: root), FileTableStore(root: root)]
            try await stores[0].createTable(Tables.contracts)
            let key: Item = ["contract_id": "CT001ABC"]
            try await stores[0].putItem(table: Self.table, item: ["contract_id": "CT001ABC", "version": 0])

            let conflicts = try await withThrowingTaskGroup(of: Int.self) { group in
                for store in stores {
                    group.addTask { try await Self.increment(key, times: 50, in: store) }
                }
                return try await group.reduce(0, +)
            }
            let final = try await stores[1].getItem(table: Self.table, key: key)
            #expect(final?["version"] == 100, "conflicts retried: \(conflicts)")
        }
    }

    /// Optimistic concurrency as the handlers use it: read the version, write on that version, retry.
    static func increment(_ key: Item, times: Int, in store: any TableStore) async throws -> Int {
        var conflicts = 0
        for _ in 0..<times {
            while true {
                let current = try #require(try await store.getItem(table: table, key: key)?["version"]?.numberValue)
                do {
                    _ = try await store.updateItem(
                        table: table,
                        key: key,
                        actions: [.set("version", .number(current + 1))],
                        condition: .equals("version", .number(current))
                    )
                    break
                } catch TableError.conditionalCheckFailed {
                    conflicts += 1
                }
            }
        }
        return conflicts
    }

    @Test
    func awkwardKeysStayInsideTheTableDirectoryAndReadBackInANewStore() async throws {
        try await withTemporaryDirectory { root in
            try await (FileTableStore(root: root) as any TableStore).createTable(Tables.contracts)
            for key in TableStoreConformanceTests.awkwardKeys {
                try await (FileTableStore(root: root) as any TableStore).putItem(
                    table: Self.table,
                    item: contract(key, client: key, created: key)
                )
            }
            let tableDirectory = Self.tableDirectory(root).standardizedFileURL.path + "/"
            let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
            // Besides the table's own directory, only the store's journal.
            for file in files where !(file == "journal" || file.hasPrefix("journal/")) {
                #expect(
                    URL(fileURLWithPath: file, relativeTo: root).standardizedFileURL.path.hasPrefix(tableDirectory)
                        || file == Self.table,
                    "\(file)"
                )
                #expect(URL(fileURLWithPath: file).lastPathComponent.utf8.count <= 255)
            }
            let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.%~+,".utf8)
            for file in files where file.hasPrefix(Self.table + "/items/") || file.hasPrefix(Self.table + "/indexes/") {
                let name = URL(fileURLWithPath: file).lastPathComponent
                #expect(name.utf8.allSatisfy(safe.contains) && !name.hasPrefix("."), "\(name)")
            }
            let items = try FileManager.default.contentsOfDirectory(
                atPath: Self.tableDirectory(root).appendingPathComponent("items").path
            )
            #expect(items.count == TableStoreConformanceTests.awkwardKeys.count)

            let fresh: any TableStore = FileTableStore(root: root)
            let scanned = try await fresh.scan(ScanRequest(table: Self.table)).items
            #expect(
                Set(scanned.compactMap { $0["contract_id"]?.stringValue })
                    == Set(TableStoreConformanceTests.awkwardKeys)
            )
        }
    }

    @Test
    func longSortValuesAreHashedInFileNamesButStillOrdered() async throws {
        try await withTemporaryDirectory { root in
            let store: any TableStore = FileTableStore(root: root)
            try await store.createTable(Tables.contracts)
            let prefix = String(repeating: "2024-01-01T00:00:00Z/", count: 8)
            for (id, suffix) in [("CT1", "3"), ("CT2", "1"), ("CT3", "2"), ("CT4", "1")] {
                try await store.putItem(table: Self.table, item: contract(id, client: "CL1", created: prefix + suffix))
            }
            let all = try await store.query(QueryRequest(table: Self.table, index: "client-index", partitionKey: "CL1"))
            #expect(all.items.values("contract_id") == ["CT2", "CT4", "CT3", "CT1"])
            let some = try await store.query(
                QueryRequest(
                    table: Self.table,
                    index: "client-index",
                    partitionKey: "CL1",
                    sortKey: .greaterThan(.string(prefix + "1")),
                    scanForward: false
                )
            )
            #expect(some.items.values("contract_id") == ["CT1", "CT3"])
        }
    }

    @Test
    func aSecondStoreSeesTheTablesAndItemsOfTheFirst() async throws {
        try await withTemporaryDirectory { root in
            let first: any TableStore = FileTableStore(root: root)
            try await first.createTable(Tables.contracts)
            try await first.createTable(Tables.events)
            try await first.putItem(table: Self.table, item: contract("CT1"))
            let second: any TableStore = FileTableStore(root: root)
            #expect(try await second.listTables() == [Tables.contracts.name, Tables.events.name])
            #expect(try await second.describeTable(Self.table) == Tables.contracts)
            #expect(try await second.getItem(table: Self.table, key: ["contract_id": "CT1"]) == contract("CT1"))
        }
    }

    @Test
    func aWriteToARemovedTableDoesNotBringItBack() async throws {
        try await withTemporaryDirectory { root in
            let store: any TableStore = FileTableStore(root: root)
            try await store.createTable(Tables.contracts)
            try FileManager.default.removeItem(at: Self.tableDirectory(root))
            await #expect(throws: TableError.resourceNotFound(table: Self.table)) {
                try await store.putItem(table: Self.table, item: contract("CT1"))
            }
            #expect(!FileManager.default.fileExists(atPath: Self.tableDirectory(root).path))
        }
    }
}
