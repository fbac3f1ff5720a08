import Foundation
import LocalAWS
import Shared
import Testing
import WireFormat

/// The semantics every `TableStore` must have, run against each implementation.
/// Queries, scans and pagination are in `TableStoreConformanceTests+Query.swift`.
@Suite("TableStore conformance")
struct TableStoreConformanceTests {
    static var table: String { Tables.contracts.name }

    @Test(arguments: StoreKind.available)
    func putThenGetReturnsTheItem(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            let item = contract(
                "CT001ABC",
                value: "50000.50",
                extra: ["tags": .array(["a", "b"]), "meta": .object(["x": .null])]
            )
            try await store.putItem(table: Self.table, item: item)
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == item)
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT404404"]) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func putReplacesTheWholeItem(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            try await store.putItem(table: Self.table, item: contract("CT001ABC", extra: ["notes": "old"]))
            let replacement: Item = ["contract_id": "CT001ABC", "status": "SUSPENDED"]
            try await store.putItem(table: Self.table, item: replacement)
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == replacement)
        }
    }

    @Test(arguments: StoreKind.available)
    func deleteReturnsTheDeletedItemAndRemovesIt(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            let item = contract("CT001ABC")
            try await store.putItem(table: Self.table, item: item)
            #expect(try await store.deleteItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == item)
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == nil)
            #expect(try await store.deleteItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == nil)
        }
    }

    /// Each condition kind on one stored item, with DynamoDB's answer.
    static let conditionCases: [(Condition, Bool)] = [
        (.attributeExists("name"), true),
        (.attributeExists("missing"), false),
        (.attributeExists("nothing"), true),  // null is a value: the attribute exists
        (.attributeNotExists("missing"), true),
        (.attributeNotExists("name"), false),
        (.equals("name", "Zed"), true),
        (.equals("price", .decimal("1.5")), true),  // stored as 1.50: numbers compare numerically
        (.equals("count", "9"), false),  // another type is never equal
        (.equals("accent", "e\u{301}"), false),  // canonically equivalent to é, but other bytes
        (.equals("tags", .array(["a", "b"])), true),
        (.notEquals("name", "Amy"), true),
        (.notEquals("missing", 1), true),
        (.notEquals("count", 9), false),
        (.lessThan("count", 10), true),  // numerically, though "9" > "10" as text
        (.lessThan("name", "a"), true),  // "Z" (0x5A) < "a" (0x61)
        (.greaterThan("accent", "z"), true),  // é is 0xC3 0xA9
        (.lessThanOrEqual("count", 9), true),
        (.greaterThanOrEqual("count", 10), false),
        (.greaterThan("count", 8), true),
        (.lessThan("missing", 10), false),
        (.lessThan("name", 10), false),  // comparing a string with a number is false
        (.between("count", 1, 9), true),
        (.between("count", 10, 20), false),
        (.between("name", "A", "Z"), false),
        (.between("name", "A", "Zz"), true),
        (.beginsWith("note", "hell"), true),
        (.beginsWith("note", "world"), false),
        (.beginsWith("count", "9"), false),
        (.contains("note", "o w"), true),
        (.contains("note", "xyz"), false),
        (.contains("tags", "b"), true),
        (.contains("tags", "c"), false),
        (.and([.attributeExists("name"), .equals("count", 9)]), true),
        (.and([.attributeExists("name"), .equals("count", 8)]), false),
        (.or([.equals("count", 8), .equals("name", "Zed")]), true),
        (.or([.equals("count", 8), .attributeExists("missing")]), false),
        (.not(.attributeExists("missing")), true),
        (.not(.equals("name", "Zed")), false),
    ]

    @Test(arguments: StoreKind.available)
    func conditionalPutFollowsDynamoDBConditionSemantics(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            let base: Item = [
                "contract_id": "CT1", "name": "Zed", "accent": "é", "count": 9, "price": .decimal("1.50"),
                "tags": .array(["a", "b"]), "note": "hello world", "flag": true, "nothing": .null,
            ]
            // DynamoDB finds `name < 10` (a string against a number) false; moto 5 answers HTTP 500
            // to it, so that one condition is checked on the stand-ins only.
            let cases = Self.conditionCases.filter { kind != .dynamodb || $0.0 != .lessThan("name", 10) }
            for (condition, holds) in cases {
                try await store.putItem(table: Self.table, item: base)
                var changed = base
                changed["marker"] = "changed"
                if holds {
                    try await store.putItem(table: Self.table, item: changed, condition: condition)
                    #expect(
                        try await store.getItem(table: Self.table, key: ["contract_id": "CT1"]) == changed,
                        "\(condition)"
                    )
                } else {
                    await #expect(throws: TableError.conditionalCheckFailed(table: Self.table), "\(condition)") {
                        try await store.putItem(table: Self.table, item: changed, condition: condition)
                    }
                    #expect(
                        try await store.getItem(table: Self.table, key: ["contract_id": "CT1"]) == base,
                        "\(condition)"
                    )
                }
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func conditionOnAnAbsentItemSeesEveryAttributeMissing(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            let item = contract("CT001ABC")
            try await store.putItem(table: Self.table, item: item, condition: .attributeNotExists("contract_id"))
            await #expect(throws: TableError.conditionalCheckFailed(table: Self.table)) {
                try await store.putItem(
                    table: Self.table,
                    item: contract("CT001ABC", status: "SUSPENDED"),
                    condition: .attributeNotExists("contract_id")
                )
            }
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == item)
            await #expect(throws: TableError.conditionalCheckFailed(table: Self.table)) {
                try await store.deleteItem(
                    table: Self.table,
                    key: ["contract_id": "CT404404"],
                    condition: .attributeExists("contract_id")
                )
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func conditionalDeleteLeavesTheItemWhenTheConditionFails(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            let item = contract("CT001ABC")
            try await store.putItem(table: Self.table, item: item)
            await #expect(throws: TableError.conditionalCheckFailed(table: Self.table)) {
                try await store.deleteItem(
                    table: Self.table,
                    key: ["contract_id": "CT001ABC"],
                    condition: .equals("status", "TERMINATED")
                )
            }
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == item)
            let deleted = try await store.deleteItem(
                table: Self.table,
                key: ["contract_id": "CT001ABC"],
                condition: .equals("status", "ACTIVE")
            )
            #expect(deleted == item)
        }
    }

    /// DynamoDB refuses these conditions with a ValidationException before reading the item
    /// ("Incorrect operand type for operator or function", "The BETWEEN operator requires upper
    /// bound to be greater than or equal to lower bound", a syntax error). moto 5 evaluates them
    /// against the item and answers ConditionalCheckFailed, so this runs on the stand-ins only.
    @Test(arguments: [StoreKind.memory, .file])
    func invalidConditionsAreRejectedBeforeEvaluation(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            for condition: Condition in [
                .lessThan("count", true), .between("count", 10, 1), .between("count", 1, "9"), .or([]),
            ] {
                let error = await #expect(throws: TableError.self, "\(condition)") {
                    try await store.putItem(table: Self.table, item: contract("CT1"), condition: condition)
                }
                #expect(error?.isValidation == true)
            }
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT1"]) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func updateSetsRemovesAndAddsAndReturnsTheNewItem(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            try await store.putItem(table: Self.table, item: contract("CT001ABC", value: "1.50", extra: ["notes": "x"]))
            let updated = try await store.updateItem(
                table: Self.table,
                key: ["contract_id": "CT001ABC"],
                actions: [
                    .set("status", "SUSPENDED"), .remove("notes"), .add("value", Decimal(string: "0.25")!),
                    .add("version", 1),
                ],
                condition: .equals("version", 1)
            )
            #expect(updated["status"] == "SUSPENDED")
            #expect(updated["notes"] == nil)
            #expect(updated["value"] == .decimal("1.75"))
            #expect(updated["version"] == 2)
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == updated)
        }
    }

    @Test(arguments: StoreKind.available)
    func updateCreatesAnAbsentItemFromItsKey(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            let created = try await store.updateItem(
                table: Self.table,
                key: ["contract_id": "CT009XYZ"],
                actions: [.set("status", "ACTIVE"), .add("count", 5)],
                condition: .attributeNotExists("contract_id")
            )
            #expect(created == ["contract_id": "CT009XYZ", "status": "ACTIVE", "count": 5])
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT009XYZ"]) == created)
        }
    }

    @Test(arguments: StoreKind.available)
    func failedUpdateConditionChangesNothing(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            let item = contract("CT001ABC")
            try await store.putItem(table: Self.table, item: item)
            await #expect(throws: TableError.conditionalCheckFailed(table: Self.table)) {
                try await store.updateItem(
                    table: Self.table,
                    key: ["contract_id": "CT001ABC"],
                    actions: [.set("status", "TERMINATED"), .add("version", 1)],
                    condition: .equals("version", 7)
                )
            }
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == item)
            await #expect(throws: TableError.conditionalCheckFailed(table: Self.table)) {
                try await store.updateItem(
                    table: Self.table,
                    key: ["contract_id": "CT404404"],
                    actions: [.set("status", "ACTIVE")],
                    condition: .attributeExists("contract_id")
                )
            }
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT404404"]) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func updateRejectsKeyChangesAndMistypedAdds(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            let item = contract("CT001ABC")
            try await store.putItem(table: Self.table, item: item)
            let invalid: [[UpdateAction]] = [
                [.set("contract_id", "CT002ABC")],
                [.remove("contract_id")],
                [.add("status", 1)],
                [.set("status", "A"), .remove("status")],
                [.set("created_at", 5)],  // an index sort key must stay a string
            ]
            // DynamoDB refuses an index key of another type than the index's ("Type mismatch for
            // Index Key"); moto 5 writes it, so that update is checked on the stand-ins only.
            for actions in invalid where kind != .dynamodb || actions != [.set("created_at", 5)] {
                let error = await #expect(throws: TableError.self, "\(actions)") {
                    try await store.updateItem(
                        table: Self.table,
                        key: ["contract_id": "CT001ABC"],
                        actions: actions,
                        condition: nil
                    )
                }
                #expect(error?.isValidation == true, "\(actions)")
            }
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT001ABC"]) == item)
        }
    }

    @Test(arguments: StoreKind.available)
    func keysMustMatchTheSchema(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            try await store.createTable(Tables.events)
            let badItems: [(String, Item)] = [
                (Self.table, ["status": "ACTIVE"]),
                (Self.table, ["contract_id": 7]),
                (Self.table, ["contract_id": ""]),
                (Self.table, ["contract_id": "CT1", "client_id": 5]),  // index key of the wrong type
                (Self.table, ["contract_id": .string(String(repeating: "k", count: 2049))]),
                (Tables.events.name, ["stream": "S1"]),
                (Tables.events.name, ["stream": "S1", "seq": "1"]),
            ]
            // DynamoDB refuses an index key of the wrong type and a key with another attribute or of
            // another type than the schema's ("The provided key element does not match the schema");
            // moto 5 writes the item and reads, updates and deletes by the key, so those are checked on
            // the stand-ins only.
            let acceptedByMoto: [Item] = [
                ["contract_id": "CT1", "client_id": 5], ["contract_id": "CT1", "status": "ACTIVE"], ["contract_id": 1],
            ]
            let checked = { (item: Item) in kind != .dynamodb || !acceptedByMoto.contains(item) }
            for (table, item) in badItems where checked(item) {
                let error = await #expect(throws: TableError.self, "\(item)") {
                    try await store.putItem(table: table, item: item)
                }
                #expect(error?.isValidation == true, "\(item)")
            }
            let badKeys: [Item] = [
                [:], ["contract_id": "CT1", "status": "ACTIVE"], ["contract_id": 1], ["client_id": "CL1"],
            ]
            for key in badKeys where checked(key) {
                let getError = await #expect(throws: TableError.self) {
                    try await store.getItem(table: Self.table, key: key)
                }
                #expect(getError?.isValidation == true, "\(key)")
                let deleteError = await #expect(throws: TableError.self) {
                    try await store.deleteItem(table: Self.table, key: key)
                }
                #expect(deleteError?.isValidation == true, "\(key)")
                let updateError = await #expect(throws: TableError.self) {
                    try await store.updateItem(table: Self.table, key: key, actions: [.set("a", 1)], condition: nil)
                }
                #expect(updateError?.isValidation == true, "\(key)")
            }
            #expect(try await store.scan(ScanRequest(table: Self.table)).items.isEmpty)
        }
    }

    /// An item of exactly 400 KB fits DynamoDB (the developer guide, "Item sizes and formats");
    /// moto 5 refuses items over 405,000 bytes, and DynamoDB's answer names no size for its client
    /// to report, so the limit to the byte runs on the stand-ins only (the next test runs on moto).
    @Test(arguments: [StoreKind.memory, .file])
    func itemsOver400KBAreRejectedAndNothingIsWritten(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            // "contract_id" (11) + "CT1" (3) + "blob" (4) + the blob: exactly at the limit.
            let fits: Item = [
                "contract_id": "CT1", "blob": .string(String(repeating: "x", count: maximumItemSize - 18)),
            ]
            try await store.putItem(table: Self.table, item: fits)
            let tooLarge: Item = [
                "contract_id": "CT2", "blob": .string(String(repeating: "x", count: maximumItemSize - 17)),
            ]
            await #expect(throws: TableError.itemTooLarge(table: Self.table, bytes: maximumItemSize + 1)) {
                try await store.putItem(table: Self.table, item: tooLarge)
            }
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT2"]) == nil)
            // "n" (1) + null (1) over an item already at the limit.
            await #expect(throws: TableError.itemTooLarge(table: Self.table, bytes: maximumItemSize + 2)) {
                try await store.updateItem(
                    table: Self.table,
                    key: ["contract_id": "CT1"],
                    actions: [.set("n", .null)],
                    condition: nil
                )
            }
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT1"]) == fits)
        }
    }

    @Test(arguments: StoreKind.available)
    func anItemOver400KBIsRefusedAsTooLargeAndAnUpdateBeyondTheLimitToo(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            let tooLarge: Item = [
                "contract_id": "CT1", "blob": .string(String(repeating: "x", count: maximumItemSize - 17)),
            ]
            let putError = await #expect(throws: TableError.self) {
                try await store.putItem(table: Self.table, item: tooLarge)
            }
            #expect(putError?.isItemTooLarge(table: Self.table) == true, "\(String(describing: putError))")
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT1"]) == nil)
            let half: Item = ["contract_id": "CT2", "blob": .string(String(repeating: "x", count: 250_000))]
            try await store.putItem(table: Self.table, item: half)
            let updateError = await #expect(throws: TableError.self) {
                try await store.updateItem(
                    table: Self.table,
                    key: ["contract_id": "CT2"],
                    actions: [.set("more", .string(String(repeating: "y", count: 250_000)))],
                    condition: nil
                )
            }
            #expect(updateError?.isItemTooLarge(table: Self.table) == true, "\(String(describing: updateError))")
            #expect(try await store.getItem(table: Self.table, key: ["contract_id": "CT2"]) == half)
        }
    }

    @Test(arguments: StoreKind.available)
    func missingTablesAreResourceNotFound(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let missing = "test-testex-missing"
            let notFound = TableError.resourceNotFound(table: missing)
            await #expect(throws: notFound) { try await store.getItem(table: missing, key: ["contract_id": "CT1"]) }
            await #expect(throws: notFound) { try await store.putItem(table: missing, item: ["contract_id": "CT1"]) }
            await #expect(throws: notFound) {
                try await store.updateItem(
                    table: missing,
                    key: ["contract_id": "CT1"],
                    actions: [.set("a", 1)],
                    condition: nil
                )
            }
            await #expect(throws: notFound) { try await store.deleteItem(table: missing, key: ["contract_id": "CT1"]) }
            await #expect(throws: notFound) { try await store.query(QueryRequest(table: missing, partitionKey: "CT1")) }
            await #expect(throws: notFound) { try await store.scan(ScanRequest(table: missing)) }
            await #expect(throws: TableError.resourceNotFound(table: "../escape")) {
                try await store.scan(ScanRequest(table: "../escape"))
            }
            let described = try await store.describeTable(missing)
            #expect(described == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func createTableIsIdempotentButRejectsAnotherDefinition(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.events)
            try await store.createTable(Tables.contracts)
            try await store.createTable(Tables.contracts)
            // moto lists the tables of every test of the run: this test's own are those of its prefix.
            // DynamoDB documents no order for ListTables' names or DescribeTable's indexes, and the
            // client keeps the indexes by name: on DynamoDB both are compared as sets.
            let listed = try await store.listTables()
            let described = try #require(try await store.describeTable(Tables.contracts.name))
            if kind == .dynamodb {
                let own = listed.filter { $0.hasPrefix(Tables.prefix + "-") }
                #expect(Set(own) == [Tables.contracts.name, Tables.events.name])
                #expect(described.hasSameKeys(as: Tables.contracts) && described.stream == Tables.contracts.stream)
            } else {
                #expect(listed == [Tables.contracts.name, Tables.events.name])
                #expect(described == Tables.contracts)
            }
            let changed = TableDefinition(name: Tables.contracts.name, partitionKey: KeyAttribute("id"))
            let error = await #expect(throws: TableError.self) { try await store.createTable(changed) }
            #expect(error?.isValidation == true)
            // DynamoDB's table names are 3 to 255 of `[a-zA-Z0-9_.-]` (CreateTable, `TableName`);
            // moto 5 creates a table of any name, so this is checked on the stand-ins only.
            if kind != .dynamodb {
                let badName = await #expect(throws: TableError.self) {
                    try await store.createTable(TableDefinition(name: "../x", partitionKey: KeyAttribute("id")))
                }
                #expect(badName?.isValidation == true)
            }
        }
    }

    static let awkwardKeys = [
        "é-ü-ñ", "日本語", "a/b", "../escape", "..", ".", ".hidden", "with space", "100%", "%2F", "a+b,c~d", "🙂",
        "CT001ABC.json",
        // Longer than a file-name component: hashed, and told apart by the hash.
        String(repeating: "long-é/", count: 60), String(repeating: "long-é/", count: 60) + "2",
    ]

    @Test(arguments: StoreKind.available)
    func awkwardKeysRoundTrip(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            for key in Self.awkwardKeys {
                try await store.putItem(table: Self.table, item: contract(key, client: key, created: key))
            }
            for key in Self.awkwardKeys {
                #expect(
                    try await store.getItem(table: Self.table, key: ["contract_id": .string(key)])?["client_id"]
                        == .string(key)
                )
                let page = try await store.query(
                    QueryRequest(
                        table: Self.table,
                        index: "client-index",
                        partitionKey: .string(key),
                        sortKey: .equals(.string(key))
                    )
                )
                #expect(page.items.values("contract_id") == [.string(key)])
            }
            let scanned = try await store.scan(ScanRequest(table: Self.table)).items
            #expect(Set(scanned.compactMap { $0["contract_id"]?.stringValue }) == Set(Self.awkwardKeys))
        }
    }
}
