import AWSClients
import Foundation
import LocalAWS
import Shared
import Signing
import TestSupport
import Testing
import WireFormat

/// `DynamoDBTableStore` against moto: the same semantics the stand-ins have, end to end over HTTP.
@Suite(
    "DynamoDB client against moto",
    .enabled(if: MotoServer.isAvailable, "python3 with moto[server] is not installed")
)
struct DynamoDBTableStoreTests {
    /// A table shaped like the contracts table, under a name no other test uses.
    static func contracts() -> TableDefinition {
        TableDefinition(
            name: MotoServer.uniqueName("contracts"),
            partitionKey: KeyAttribute("contract_id"),
            indexes: [
                IndexDefinition(
                    name: "client_id-index",
                    partitionKey: KeyAttribute("client_id"),
                    sortKey: KeyAttribute("contract_id")
                ),
                IndexDefinition(
                    name: "value-index",
                    partitionKey: KeyAttribute("status"),
                    sortKey: KeyAttribute("value", .number)
                ),
            ]
        )
    }

    func withTable(_ body: (DynamoDBTableStore, String) async throws -> Void) async throws {
        let store = DynamoDBTableStore(configuration: try await MotoServer.configuration())
        let table = Self.contracts()
        try await store.createTable(table)
        try await body(store, table.name)
    }

    @Test func creatingATableTwiceIsFineAndDescribingAnswersItsDefinition() async throws {
        let store = DynamoDBTableStore(configuration: try await MotoServer.configuration())
        let table = Self.contracts()
        try await store.createTable(table)
        try await store.createTable(table)
        let described = try #require(try await store.describeTable(table.name))
        #expect(described.partitionKey == table.partitionKey)
        #expect(Set(described.indexes) == Set(table.indexes))
        #expect(try await store.listTables().contains(table.name))
        #expect(try await store.describeTable(MotoServer.uniqueName("absent")) == nil)
        let other = TableDefinition(name: table.name, partitionKey: KeyAttribute("other_id"))
        await #expect(throws: TableError.self) { try await store.createTable(other) }
    }

    @Test func itemsRoundTripWithEveryValueTypeAndExactNumbers() async throws {
        try await withTable { store, table in
            let item: Item = [
                "contract_id": "CT001ABC", "value": .number(Decimal(string: "50000.50")!), "active": true,
                "note": .null,
                "tags": ["a", 1, false], "meta": ["nested": ["deep": "é <&> \"quoted\""]], "empty": "",
            ]
            try await store.putItem(table: table, item: item)
            let read = try #require(try await store.getItem(table: table, key: ["contract_id": "CT001ABC"]))
            #expect(read == item)
            #expect(try await store.getItem(table: table, key: ["contract_id": "CT404404"]) == nil)
        }
    }

    @Test func aFalseConditionWritesNothingAndThrowsConditionalCheckFailed() async throws {
        try await withTable { store, table in
            let item: Item = ["contract_id": "CT001ABC", "version": 1]
            try await store.putItem(table: table, item: item, condition: .attributeNotExists("contract_id"))
            await #expect(throws: TableError.conditionalCheckFailed(table: table)) {
                try await store.putItem(
                    table: table,
                    item: ["contract_id": "CT001ABC", "version": 9],
                    condition: .attributeNotExists("contract_id")
                )
            }
            await #expect(throws: TableError.conditionalCheckFailed(table: table)) {
                try await store.deleteItem(
                    table: table,
                    key: ["contract_id": "CT001ABC"],
                    condition: .equals("version", 2)
                )
            }
            #expect(try await store.getItem(table: table, key: ["contract_id": "CT001ABC"]) == item)
        }
    }

    /// Each condition decides a conditional write at DynamoDB exactly as the stand-ins evaluate it.
    @Test func conditionsMeanAtTheServiceWhatTheStandInsEvaluate() async throws {
        let stored: Item = [
            "contract_id": "CT001ABC", "name": "Zed", "count": 9, "price": .number(Decimal(string: "1.50")!),
            "note": "hello world", "tags": ["a", "b"], "nothing": .null,
        ]
        let conditions: [Condition] = [
            .attributeExists("name"), .attributeExists("missing"), .attributeExists("nothing"),
            .attributeNotExists("missing"),
            .equals("name", "Zed"), .equals("price", .number(Decimal(string: "1.5")!)), .equals("count", "9"),
            .notEquals("missing", 1), .notEquals("count", 9), .lessThan("count", 10), .lessThan("name", "a"),
            .greaterThanOrEqual("count", 10), .between("count", 1, 9), .between("name", "A", "Z"),
            .beginsWith("note", "hell"),
            .beginsWith("count", "9"), .contains("note", "o w"), .contains("tags", "b"), .contains("tags", "c"),
            .and([.attributeExists("name"), .equals("count", 9)]), .or([.equals("count", 1), .equals("name", "Zed")]),
            .not(.equals("name", "Zed")), .and([]), .or([]),
        ]
        try await withTable { store, table in
            try await store.putItem(table: table, item: stored)
            for condition in conditions {
                var held = true
                do {
                    try await store.putItem(table: table, item: stored, condition: condition)
                } catch TableError.conditionalCheckFailed {
                    held = false
                }
                #expect(held == condition.isSatisfied(by: stored), "\(condition)")
            }
        }
    }

    @Test func updateAppliesSetRemoveAndAddAndAnswersTheNewItem() async throws {
        try await withTable { store, table in
            try await store.putItem(
                table: table,
                item: ["contract_id": "CT001ABC", "status": "ACTIVE", "version": 1, "notes": "x"]
            )
            let updated = try await store.updateItem(
                table: table,
                key: ["contract_id": "CT001ABC"],
                actions: [
                    .set("status", "TERMINATED"), .remove("notes"), .add("version", 1), .set("status-code", "T"),
                ],
                condition: .equals("version", 1)
            )
            #expect(updated == ["contract_id": "CT001ABC", "status": "TERMINATED", "version": 2, "status-code": "T"])
            let created = try await store.updateItem(
                table: table,
                key: ["contract_id": "CT002DEF"],
                actions: [.add("count", 5)],
                condition: nil
            )
            #expect(created == ["contract_id": "CT002DEF", "count": 5])
        }
    }

    @Test func deleteAnswersTheDeletedItemOrNil() async throws {
        try await withTable { store, table in
            try await store.putItem(table: table, item: ["contract_id": "CT001ABC", "status": "ACTIVE"])
            #expect(
                try await store.deleteItem(table: table, key: ["contract_id": "CT001ABC"]) == [
                    "contract_id": "CT001ABC", "status": "ACTIVE",
                ]
            )
            #expect(try await store.deleteItem(table: table, key: ["contract_id": "CT001ABC"]) == nil)
        }
    }

    @Test func queriesAnIndexInSortOrderWithFilterAndPages() async throws {
        try await withTable { store, table in
            for (index, value) in [30, 10, 20, 40, 50].enumerated() {
                try await store.putItem(
                    table: table,
                    item: [
                        "contract_id": .string("CT00000\(index)"), "status": "ACTIVE",
                        "client_id": "CL001XYZ", "value": .number(Decimal(value)),
                    ]
                )
            }
            try await store.putItem(
                table: table,
                item: ["contract_id": "CT999999", "status": "SUSPENDED", "client_id": "CL002XYZ", "value": 1]
            )
            var request = QueryRequest(
                table: table,
                index: "value-index",
                partitionKey: "ACTIVE",
                sortKey: .between(15, 45),
                limit: 2
            )
            var values: [JSONValue] = []
            var pages = 0
            repeat {
                let page = try await store.query(request)
                values += page.items.compactMap { $0["value"] }
                request.exclusiveStartKey = page.lastEvaluatedKey
                pages += 1
            } while request.exclusiveStartKey != nil && pages < 10
            #expect(values == [20, 30, 40])
            #expect(pages >= 2)
            let descending = try await store.query(
                QueryRequest(
                    table: table,
                    index: "client_id-index",
                    partitionKey: "CL001XYZ",
                    sortKey: .beginsWith("CT00000"),
                    filter: .greaterThan("value", 25),
                    scanForward: false
                )
            )
            #expect(
                descending.items.compactMap { $0["contract_id"]?.stringValue } == ["CT000004", "CT000003", "CT000000"]
            )
            let byKey = try await store.query(QueryRequest(table: table, partitionKey: "CT999999"))
            #expect(byKey.items.count == 1)
        }
    }

    @Test func scansWithFilterAndPages() async throws {
        try await withTable { store, table in
            for index in 0..<5 {
                try await store.putItem(
                    table: table,
                    item: ["contract_id": .string("CT00000\(index)"), "status": index % 2 == 0 ? "ACTIVE" : "EXPIRED"]
                )
            }
            var request = ScanRequest(table: table, filter: .equals("status", "ACTIVE"), limit: 2)
            var found: [String] = []
            repeat {
                let page = try await store.scan(request)
                found += page.items.compactMap { $0["contract_id"]?.stringValue }
                request.exclusiveStartKey = page.lastEvaluatedKey
            } while request.exclusiveStartKey != nil
            #expect(found.sorted() == ["CT000000", "CT000002", "CT000004"])
        }
    }

    @Test func aMissingTableIsResourceNotFound() async throws {
        let store = DynamoDBTableStore(configuration: try await MotoServer.configuration())
        let table = MotoServer.uniqueName("absent")
        await #expect(throws: TableError.resourceNotFound(table: table)) {
            try await store.getItem(table: table, key: ["id": "x"])
        }
        await #expect(throws: TableError.resourceNotFound(table: table)) {
            try await store.query(QueryRequest(table: table, partitionKey: "x"))
        }
    }
}

/// moto checks signatures here, so a wrong secret must be refused: the suites' passing requests
/// were signed correctly.
@Suite("Signatures checked by moto", .enabled(if: MotoServer.isAvailable, "python3 with moto[server] is not installed"))
struct MotoSignatureTests {
    @Test func aRequestSignedWithTheWrongSecretIsRefused() async throws {
        var configuration = try await MotoServer.configuration()
        configuration.credentials = AWSCredentials(
            accessKeyId: configuration.credentials.accessKeyId,
            secretAccessKey: "wrong"
        )
        let error = await #expect(throws: AWSServiceError.self) {
            try await DynamoDBTableStore(configuration: configuration).listTables()
        }
        #expect(
            error?.code == "UnrecognizedClientException" || error?.code == "InvalidSignatureException"
                || error?.message.contains("signature") == true,
            "\(String(describing: error))"
        )
        await #expect(throws: (any Error).self) { try await S3ObjectStore(configuration: configuration).listBuckets() }
    }
}
