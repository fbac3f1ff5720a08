import Foundation
import LocalAWS
import Shared
import Testing
import WireFormat

/// DynamoDB's rules on start keys, numbers and the order of a scan, with DynamoDB's messages.
extension TableStoreConformanceTests {
    func expectValidation(_ message: String, _ comment: Comment? = nil, _ body: () async throws -> Void) async {
        let error = await #expect(throws: TableError.self, comment) { try await body() }
        #expect(error == .validation(message), comment)
    }

    @Test(arguments: StoreKind.available)
    func startKeysDynamoDBRefusesAreRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await Self.putClientContracts(store)
            let query = QueryRequest(table: Self.table, index: "client-index", partitionKey: "CL1", limit: 2)
            let key = try #require(try await store.query(query).lastEvaluatedKey)
            var foreign = query
            foreign.partitionKey = "CL2"
            foreign.exclusiveStartKey = key
            await expectValidation("The provided starting key is outside query boundaries based on provided conditions")
            {
                _ = try await store.query(foreign)
            }
            let invalid = "The provided starting key is invalid"
            for (change, why) in [
                ({ (key: inout Item) in key["status"] = "ACTIVE" }, "an extra attribute"),
                ({ $0["created_at"] = nil }, "without the index's sort key"),
                ({ $0["client_id"] = 7 }, "a number for a string"),
                ({ $0["contract_id"] = "" }, "an empty string"),
            ] {
                var altered = query
                altered.exclusiveStartKey = key
                change(&altered.exclusiveStartKey!)
                await expectValidation(invalid, "\(why)") { _ = try await store.query(altered) }
            }
            // DynamoDB refuses a start key outside the sort-key condition; moto 5 answers the page
            // after it and the client does not check it, so this is checked on the stand-ins only.
            if kind != .dynamodb {
                var outside = query
                outside.sortKey = .greaterThan("2024-02-01")
                outside.exclusiveStartKey = key  // CT06 of 2024-02-01: not after it
                await expectValidation("The provided starting key does not match the range key predicate") {
                    _ = try await store.query(outside)
                }
            }

            let scanKey = try #require(try await store.scan(ScanRequest(table: Self.table, limit: 1)).lastEvaluatedKey)
            var extra = scanKey
            extra["client_id"] = "CL1"
            await expectValidation(
                "The provided starting key is invalid: The provided key element does not match the schema"
            ) {
                _ = try await store.scan(ScanRequest(table: Self.table, exclusiveStartKey: extra))
            }
        }
    }

    static let refusedNumbers: [(String, String)] = [
        ("1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        ("-1.5e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        ("123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"),
        (
            "-1.23456789012345678901234567890123456789",
            "Attempting to store more than 38 significant digits in a Number"
        ),
    ]
    static let storedNumbers = [
        "9.9999999999999999999999999999999999999e125", "12345678901234567890123456789012345678",
        "1e-128", "-0.000001", "1.50000000000000000000000000000000000000000", "0",
    ]

    @Test(arguments: StoreKind.available)
    func numbersOutsideDynamoDBsRangeOrPrecisionAreRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.createTable(Tables.contracts)
            try await store.createTable(Tables.events)
            for (text, message) in Self.refusedNumbers {
                let number = JSONValue.decimal(text)
                await expectValidation(message, "put \(text)") {
                    try await store.putItem(
                        table: Self.table,
                        item: contract("CT1", extra: ["amount": .array([.object(["n": number])])])
                    )
                }
                await expectValidation(message, "set \(text)") {
                    _ = try await store.updateItem(
                        table: Self.table,
                        key: ["contract_id": "CT1"],
                        actions: [.set("amount", number)],
                        condition: nil
                    )
                }
                await expectValidation(message, "condition \(text)") {
                    try await store.putItem(
                        table: Self.table,
                        item: contract("CT1"),
                        condition: .lessThan("value", number)
                    )
                }
                await expectValidation(message, "key \(text)") {
                    _ = try await store.query(
                        QueryRequest(table: Tables.events.name, partitionKey: "S1", sortKey: .equals(number))
                    )
                }
            }
            #expect(try await store.scan(ScanRequest(table: Self.table)).items.isEmpty, "nothing was written")
            for text in Self.storedNumbers {
                try await store.putItem(table: Self.table, item: contract("CT2", extra: ["amount": .decimal(text)]))
                #expect(
                    try await store.getItem(table: Self.table, key: ["contract_id": "CT2"])?["amount"] == .decimal(text)
                )
            }
            // An ADD whose sum overflows is refused by DynamoDB; moto 5 stores the sum, and only the
            // sum overflows (the client checks the numbers it sends), so this is checked on the stand-ins only.
            guard kind != .dynamodb else { return }
            try await store.putItem(table: Self.table, item: contract("CT3", extra: ["amount": .decimal("9e125")]))
            await expectValidation(
                "Number overflow. Attempting to store a number with magnitude larger than supported range"
            ) {
                _ = try await store.updateItem(
                    table: Self.table,
                    key: ["contract_id": "CT3"],
                    actions: [.add("amount", Decimal(string: "2e125")!)],
                    condition: nil
                )
            }
        }
    }

    /// DynamoDB scans a table partition by partition, in the order of its keys' hashes, not the
    /// keys' order (the developer guide, "Partitions and data distribution"). moto 5 scans a table
    /// in the order its items were written, here the keys' order, so this runs on the stand-ins only.
    @Test func aScanDoesNotWalkTheKeysInOrderButAlwaysInTheSameOne() async throws {
        var orders: [[String]] = []
        for kind in [StoreKind.memory, .file] {
            try await withStore(kind) { store in
                try await store.createTable(Tables.contracts)
                for number in 0..<40 {
                    try await store.putItem(table: Self.table, item: contract(String(format: "CT%03d", number)))
                }
                let ids = try await store.scan(ScanRequest(table: Self.table)).items.compactMap {
                    $0["contract_id"]?.stringValue
                }
                #expect(Set(ids).count == 40)
                #expect(ids != ids.sorted(), "\(kind): a scan in key order")
                #expect(
                    try await store.scan(ScanRequest(table: Self.table)).items.compactMap {
                        $0["contract_id"]?.stringValue
                    } == ids
                )
                orders.append(ids)
            }
        }
        #expect(orders[0] == orders[1], "both stand-ins scan in one order")
    }
}
