import AWSClients
import AWSEvents
import Foundation
import LocalAWS
import Shared
import TestSupport
import Testing
import WireFormat

/// The stores `TransactWriteItems` and streams are checked on: both stand-ins, and DynamoDB
/// itself as moto serves it (where python3 has moto), so the stand-ins mean what AWS means.
enum TransactionStoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory, file, dynamodb

    var description: String { self == .dynamodb ? "DynamoDB on moto" : rawValue }

    static let available: [TransactionStoreKind] = MotoServer.isAvailable ? allCases : [.memory, .file]

    /// A fresh store, and a name prefix no other test uses (moto's tables outlive a test).
    func withStore(_ body: (any TableStore & TableStreams, String) async throws -> Void) async throws {
        let prefix = MotoServer.uniqueName("tx")
        switch self {
        case .memory: try await body(MemoryTableStore(), prefix)
        case .file: try await withTemporaryDirectory { try await body(FileTableStore(root: $0), prefix) }
        case .dynamodb: try await body(DynamoDBTableStore(configuration: try await MotoServer.configuration()), prefix)
        }
    }
}

@Suite("TransactWriteItems and streams, on every store")
struct TransactionConformanceTests {
    /// A contracts-like table with a stream, and an audit-like table without one.
    static func tables(_ prefix: String) -> (contracts: TableDefinition, audit: TableDefinition) {
        (
            TableDefinition(
                name: prefix + "-contracts",
                partitionKey: KeyAttribute("contract_id"),
                indexes: [IndexDefinition(name: "client-index", partitionKey: KeyAttribute("client_id"))],
                stream: .newAndOldImages
            ),
            TableDefinition(name: prefix + "-audit", partitionKey: KeyAttribute("log_id"))
        )
    }

    func withTables(
        _ kind: TransactionStoreKind,
        _ body: (any TableStore & TableStreams, String, String) async throws -> Void
    ) async throws {
        try await kind.withStore { store, prefix in
            let (contracts, audit) = Self.tables(prefix)
            try await store.createTable(contracts)
            try await store.createTable(audit)
            try await body(store, contracts.name, audit.name)
        }
    }

    static func contract(_ id: String, version: Int = 1, status: String = "ACTIVE") -> Item {
        [
            "contract_id": .string(id), "client_id": "CL001XYZ", "status": .string(status),
            "version": .number(Decimal(version)),
        ]
    }

    @Test(arguments: TransactionStoreKind.available)
    func everyActionOfATransactionIsWrittenTogether(kind: TransactionStoreKind) async throws {
        try await withTables(kind) {
            (store: any TableStore & TableStreams, contracts: String, audit: String) async throws in
            try await store.putItem(table: contracts, item: Self.contract("CT000002"))
            try await store.putItem(table: contracts, item: Self.contract("CT000003"))
            try await store.putItem(table: contracts, item: Self.contract("CT000004"))
            try await store.transactWriteItems([
                .put(table: contracts, item: Self.contract("CT000001"), condition: .attributeNotExists("contract_id")),
                .update(
                    table: contracts,
                    key: ["contract_id": "CT000002"],
                    actions: [.set("status", "TERMINATED"), .add("version", 1)],
                    condition: .equals("version", 1)
                ),
                .delete(table: contracts, key: ["contract_id": "CT000003"], condition: .attributeExists("contract_id")),
                .conditionCheck(
                    table: contracts,
                    key: ["contract_id": "CT000004"],
                    condition: .equals("status", "ACTIVE")
                ),
                .put(
                    table: audit,
                    item: ["log_id": "AL1", "action": "TERMINATE_CONTRACT"],
                    condition: .attributeNotExists("log_id")
                ),
            ])
            #expect(
                try await store.getItem(table: contracts, key: ["contract_id": "CT000001"]) == Self.contract("CT000001")
            )
            #expect(
                try await store.getItem(table: contracts, key: ["contract_id": "CT000002"])
                    == Self.contract("CT000002", version: 2, status: "TERMINATED")
            )
            #expect(try await store.getItem(table: contracts, key: ["contract_id": "CT000003"]) == nil)
            #expect(
                try await store.getItem(table: contracts, key: ["contract_id": "CT000004"]) == Self.contract("CT000004")
            )
            #expect(try await store.getItem(table: audit, key: ["log_id": "AL1"])?["action"] == "TERMINATE_CONTRACT")
        }
    }

    @Test(arguments: TransactionStoreKind.available)
    func oneFalseConditionCancelsTheWholeTransactionWithAReasonPerAction(kind: TransactionStoreKind) async throws {
        try await withTables(kind) {
            (store: any TableStore & TableStreams, contracts: String, audit: String) async throws in
            try await store.putItem(table: contracts, item: Self.contract("CT000002", version: 2))
            let items: [TransactWriteItem] = [
                .put(table: audit, item: ["log_id": "AL1"], condition: .attributeNotExists("log_id")),
                .update(
                    table: contracts,
                    key: ["contract_id": "CT000002"],
                    actions: [.set("status", "TERMINATED")],
                    condition: .equals("version", 1)
                ),
                .put(table: contracts, item: Self.contract("CT000009"), condition: nil),
            ]
            let error = await #expect(throws: TableError.self) { try await store.transactWriteItems(items) }
            guard case .transactionCanceled(let reasons)? = error else {
                Issue.record("expected TransactionCanceledException, got \(String(describing: error))")
                return
            }
            #expect(reasons.map(\.code) == ["None", "ConditionalCheckFailed", "None"])
            #expect(try await store.getItem(table: audit, key: ["log_id": "AL1"]) == nil)
            #expect(
                try await store.getItem(table: contracts, key: ["contract_id": "CT000002"])
                    == Self.contract("CT000002", version: 2)
            )
            #expect(try await store.getItem(table: contracts, key: ["contract_id": "CT000009"]) == nil)
        }
    }

    @Test(arguments: TransactionStoreKind.available)
    func requestsDynamoDBRefusesBeforeReadingAreValidationErrors(kind: TransactionStoreKind) async throws {
        try await withTables(kind) {
            (store: any TableStore & TableStreams, contracts: String, _: String) async throws in
            let twice: [TransactWriteItem] = [
                .put(table: contracts, item: Self.contract("CT000001"), condition: nil),
                .update(
                    table: contracts,
                    key: ["contract_id": "CT000001"],
                    actions: [.set("status", "SUSPENDED")],
                    condition: nil
                ),
            ]
            let tooMany = (0...TransactionLimits.maximumItems).map { number in
                TransactWriteItem.put(table: contracts, item: Self.contract("CT\(1_000_000 + number)"), condition: nil)
            }
            for (name, items) in [("two actions on one item", twice), ("101 actions", tooMany), ("no action", [])] {
                let error = await #expect(throws: TableError.self, "\(name)") {
                    try await store.transactWriteItems(items)
                }
                let isValidation = error?.isValidation ?? false
                #expect(isValidation, "\(name): \(String(describing: error))")
            }
            #expect(try await store.getItem(table: contracts, key: ["contract_id": "CT000001"]) == nil)
            #expect(try await store.getItem(table: contracts, key: ["contract_id": "CT1000000"]) == nil)
        }
    }

    @Test(arguments: TransactionStoreKind.available)
    func anItemOver400KBRefusesTheTransaction(kind: TransactionStoreKind) async throws {
        try await withTables(kind) {
            (store: any TableStore & TableStreams, contracts: String, audit: String) async throws in
            let large = Self.contract("CT000001").merging([
                "notes": .string(String(repeating: "x", count: maximumItemSize))
            ]) { $1 }
            let items: [TransactWriteItem] = [
                .put(table: audit, item: ["log_id": "AL1"], condition: nil),
                .put(table: contracts, item: large, condition: nil),
            ]
            await #expect(throws: TableError.self) { try await store.transactWriteItems(items) }
            #expect(try await store.getItem(table: audit, key: ["log_id": "AL1"]) == nil)
        }
    }

    /// DynamoDB refuses a transaction whose items add up to more than 4 MB (the API reference of
    /// `TransactWriteItems`: "The aggregate size of the items in the transaction cannot exceed 4
    /// MB"). moto 5 accepts it, so this runs on the stand-ins only.
    @Test(arguments: [TransactionStoreKind.memory, .file])
    func itemsOver4MBInAllRefuseTheTransaction(kind: TransactionStoreKind) async throws {
        try await withTables(kind) {
            (store: any TableStore & TableStreams, contracts: String, _: String) async throws in
            let large = String(repeating: "x", count: 390_000)
            let items = (0..<11).map { number in
                TransactWriteItem.put(
                    table: contracts,
                    item: Self.contract("CT00000\(number)").merging(["notes": .string(large)]) { $1 },
                    condition: nil
                )
            }
            let error = await #expect(throws: TableError.self) { try await store.transactWriteItems(items) }
            let isValidation = error?.isValidation ?? false
            #expect(isValidation, "\(String(describing: error))")
            #expect(try await store.getItem(table: contracts, key: ["contract_id": "CT000000"]) == nil)
            try await store.transactWriteItems(Array(items.prefix(10)))
            #expect(
                try await store.getItem(table: contracts, key: ["contract_id": "CT000009"]) != nil,
                "3.9 MB is within the limit"
            )
        }
    }

    @Test(arguments: TransactionStoreKind.available)
    func aStreamRecordsEachChangeInCommitOrderWithBothImages(kind: TransactionStoreKind) async throws {
        try await withTables(kind) {
            (store: any TableStore & TableStreams, contracts: String, audit: String) async throws in
            let arn = try #require(try await store.streamArn(table: contracts))
            #expect(arn.hasPrefix("arn:aws:dynamodb:") && arn.contains(":table/\(contracts)/stream/"))
            #expect(try await store.streamArn(table: audit) == nil)
            try await store.putItem(table: contracts, item: Self.contract("CT000001"))
            try await store.transactWriteItems([
                .update(
                    table: contracts,
                    key: ["contract_id": "CT000001"],
                    actions: [.set("status", "TERMINATED")],
                    condition: nil
                ),
                .put(table: audit, item: ["log_id": "AL1"], condition: nil),
                .put(table: contracts, item: Self.contract("CT000002"), condition: nil),
            ])
            try await store.deleteItem(table: contracts, key: ["contract_id": "CT000002"])
            let shard = try #require(try await store.shards(table: contracts).first)
            let records = try await store.records(
                table: contracts,
                after: StreamPosition(shardId: shard.shardId, sequenceNumber: nil),
                limit: 100
            )
            #expect(records.map(\.eventName) == [.insert, .modify, .insert, .remove])
            #expect(
                records.allSatisfy {
                    $0.eventSource == "aws:dynamodb" && $0.eventSourceArn == arn
                        && $0.change.streamViewType == .newAndOldImages
                }
            )
            let modify = records[1].change
            #expect(modify.keys == ["contract_id": .string("CT000001")])
            #expect(modify.oldImage.flatMap(DynamoDBAttributeValue.plainItem) == Self.contract("CT000001"))
            #expect(
                modify.newImage.flatMap(DynamoDBAttributeValue.plainItem)
                    == Self.contract("CT000001", status: "TERMINATED")
            )
            #expect(records[3].change.newImage == nil && records[3].change.oldImage != nil)
            let numbers = records.map(\.change.sequenceNumber)
            #expect(numbers == numbers.sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count })

            let after = StreamPosition(shardId: shard.shardId, sequenceNumber: records[1].change.sequenceNumber)
            #expect(
                try await store.records(table: contracts, after: after, limit: 1).map(\.change.sequenceNumber) == [
                    records[2].change.sequenceNumber
                ]
            )
            let end = StreamPosition(shardId: shard.shardId, sequenceNumber: records[3].change.sequenceNumber)
            #expect(try await store.records(table: contracts, after: end, limit: 10).isEmpty)
        }
    }

    /// DynamoDB writes no stream record for a write that leaves the item as it was (the Streams
    /// developer guide, "Change data capture for DynamoDB Streams"; `MODIFY` in the API
    /// reference's `Record`: "one or more of an existing item's attributes were modified").
    /// moto 5 records a MODIFY for it, so this runs on the stand-ins only.
    @Test(arguments: [TransactionStoreKind.memory, .file])
    func aWriteThatChangesNothingStreamsNothing(kind: TransactionStoreKind) async throws {
        try await withTables(kind) {
            (store: any TableStore & TableStreams, contracts: String, _: String) async throws in
            try await store.putItem(table: contracts, item: Self.contract("CT000001"))
            try await store.putItem(table: contracts, item: Self.contract("CT000001"))
            _ = try await store.updateItem(
                table: contracts,
                key: ["contract_id": "CT000001"],
                actions: [.set("status", "ACTIVE")],
                condition: nil
            )
            let shard = try #require(try await store.shards(table: contracts).first)
            let records = try await store.records(
                table: contracts,
                after: StreamPosition(shardId: shard.shardId, sequenceNumber: nil),
                limit: 10
            )
            #expect(records.map(\.eventName) == [.insert])
        }
    }

    @Test(arguments: TransactionStoreKind.available)
    func aRefusedTransactionStreamsNothing(kind: TransactionStoreKind) async throws {
        try await withTables(kind) {
            (store: any TableStore & TableStreams, contracts: String, _: String) async throws in
            try await store.putItem(table: contracts, item: Self.contract("CT000001"))
            await #expect(throws: TableError.self) {
                try await store.transactWriteItems([
                    .put(table: contracts, item: Self.contract("CT000002"), condition: nil),
                    .conditionCheck(
                        table: contracts,
                        key: ["contract_id": "CT000001"],
                        condition: .equals("status", "SUSPENDED")
                    ),
                ])
            }
            let shard = try #require(try await store.shards(table: contracts).first)
            let records = try await store.records(
                table: contracts,
                after: StreamPosition(shardId: shard.shardId, sequenceNumber: nil),
                limit: 10
            )
            #expect(records.map(\.eventName) == [.insert])
        }
    }
}
