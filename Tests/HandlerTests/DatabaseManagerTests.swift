import Foundation
import HandlerRuntime
import LocalAWS
import LocalHarness
import Shared
import Testing
import WireFormat

/// Counts the table calls so a test can prove a list used an index, not a scan.
actor CountingTableStore: TableStore {
    let inner = MemoryTableStore()
    private(set) var scans = 0
    private(set) var queries: [String] = []

    func createTable(_ definition: TableDefinition) async throws { try await inner.createTable(definition) }
    func listTables() async throws -> [String] { await inner.listTables() }
    func describeTable(_ table: String) async throws -> TableDefinition? { await inner.describeTable(table) }
    func putItem(table: String, item: Item, condition: Condition?) async throws {
        try await inner.putItem(table: table, item: item, condition: condition)
    }
    func getItem(table: String, key: Item) async throws -> Item? { try await inner.getItem(table: table, key: key) }
    func updateItem(table: String, key: Item, actions: [UpdateAction], condition: Condition?) async throws -> Item {
        try await inner.updateItem(table: table, key: key, actions: actions, condition: condition)
    }
    func deleteItem(table: String, key: Item, condition: Condition?) async throws -> Item? {
        try await inner.deleteItem(table: table, key: key, condition: condition)
    }
    func transactWriteItems(_ items: [TransactWriteItem]) async throws { try await inner.transactWriteItems(items) }
    func query(_ request: QueryRequest) async throws -> ItemPage {
        queries.append(request.index ?? "(table)")
        return try await inner.query(request)
    }
    func scan(_ request: ScanRequest) async throws -> ItemPage {
        scans += 1
        return try await inner.scan(request)
    }
    func reset() {
        scans = 0
        queries = []
    }
}

@Suite("DatabaseManager")
struct DatabaseManagerTests {
    @Test func listsByStatusAndByClientUseTheIndexesNotAScan() async throws {
        let store = CountingTableStore()
        let configuration = Configuration(timeoutScale: 20)
        // Counting ids: under a fixed clock both audit entries share a timestamp, and the index
        // orders equal timestamps by log id, so random ids would order them by chance.
        let system = LocalSystem(
            configuration: configuration,
            clock: .constant(TestSystem.now),
            ids: .incrementing(),
            state: nil,
            tables: store,
            objects: MemoryObjectStore(),
            outbox: MemoryMailOutbox(verifiedIdentities: [configuration.senderEmail]),
            logs: MemoryLogStore()
        )
        try await system.initialize()
        _ = try await SampleData.seed(system)
        await store.reset()

        let byStatus = try await system.lambda.invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.listContracts(status: .active, clientId: nil, page: PageRequest()),
                for: TestSystem.admin
            ),
            as: Page<Contract>.self,
            parent: nil
        )
        #expect(Set(byStatus.items.map(\.contractId)) == ["CT001ABC", "CT002DEF", "CT004JKL"])
        let byClient = try await system.lambda.invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.listContracts(status: .suspended, clientId: "CL002ABC", page: PageRequest()),
                for: TestSystem.admin
            ),
            as: Page<Contract>.self,
            parent: nil
        )
        #expect(byClient.items.map(\.contractId) == ["CT003GHI"])
        let audit = try await system.lambda.invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.listAuditLogs(contractId: "CT003GHI", page: PageRequest()),
                for: TestSystem.admin
            ),
            as: Page<AuditLog>.self,
            parent: nil
        )
        // Both entries carry the fixed clock's time, and random log ids break the tie: compare as a set.
        #expect(audit.items.map(\.action).sorted() == ["CREATE_CONTRACT", "SUSPEND_CONTRACT"])
        #expect(await store.scans == 0)
        #expect(await store.queries == ["status-index", "client_id-index", "contract_id-index"])
    }

    @Test func pagesWalkEveryContractOnceWithOpaqueTokens() async throws {
        let test = try await TestSystem()
        var seen: [String] = []
        var page = PageRequest(limit: 1)
        repeat {
            let result = try await test.invoke(
                .databaseManager,
                DatabaseCall(
                    DatabaseRequest.listContracts(status: nil, clientId: "CL001XYZ", page: page),
                    for: TestSystem.admin
                ),
                as: Page<Contract>.self
            )
            seen += result.items.map(\.contractId)
            page.nextToken = result.nextToken
        } while page.nextToken != nil
        #expect(seen == ["CT001ABC", "CT002DEF"])
    }

    @Test func aStaleVersionIsAConflictAndAMissingRecordIsNotFound() async throws {
        let test = try await TestSystem()
        var contract = try #require(
            try await test.invoke(
                .databaseManager,
                DatabaseCall(DatabaseRequest.getContract(contractId: "CT001ABC"), for: TestSystem.admin),
                as: DatabaseClient.Record<Contract>.self
            ).record
        )
        contract.version = 2
        func audit(_ id: String) -> AuditLog {
            AuditLog(
                logId: "AL\(id)00000",
                contractId: id,
                entityType: "contract",
                entityId: id,
                action: "UPDATE_CONTRACT",
                actor: "t-admin",
                actorRole: "admin",
                timestamp: "2026-11-22T10:00:00.000Z",
                requestId: "test"
            )
        }
        await #expect(throws: DomainError.self) {
            let stale = ContractChange(
                contractId: "CT001ABC",
                contract: contract,
                expectedVersion: 7,
                audit: audit("CT001ABC")
            )
            _ = try await test.invoke(
                .databaseManager,
                DatabaseCall(.commitContract(stale), for: TestSystem.admin),
                as: ChangeAcknowledgement.self
            )
        }
        let error = try #require(
            await #expect(throws: DomainError.self, "deleting a missing contract succeeded") {
                let missing = ContractChange(
                    contractId: "CT999999",
                    contract: nil,
                    expectedVersion: nil,
                    audit: audit("CT999999")
                )
                _ = try await test.invoke(
                    .databaseManager,
                    DatabaseCall(.commitContract(missing), for: TestSystem.admin),
                    as: ChangeAcknowledgement.self
                )
            }
        )
        #expect(error.status == 404)
    }

    @Test func anUnknownOperationIsMalformed() async throws {
        let test = try await TestSystem()
        let error = try #require(
            await #expect(throws: FunctionError.self, "an unknown operation was accepted") {
                _ = try await test.system.invoke(.databaseManager, payload: Data(#"{"operation":"truncate"}"#.utf8))
            }
        )
        #expect(error.domainError.status == 400)
        #expect(error.errorMessage.contains("truncate"))
    }
}
