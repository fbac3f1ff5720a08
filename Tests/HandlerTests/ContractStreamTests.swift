import FileHandler
import Foundation
import HandlerRuntime
import LocalAWS
import LocalHarness
import NotificationService
import Shared
import TestSupport
import Testing
import WireFormat

/// What follows a committed change, driven by the contracts table's stream: the event source
/// mappings deliver each change to FileHandler (backup, archive) and NotificationService
/// (notices), which run their closing steps once, however often the change is delivered, and a
/// consumer that keeps failing is retried, bisected and dead-lettered as Lambda does.
@Suite("The contracts stream and its consumers")
struct ContractStreamTests {
    /// A termination committed by DatabaseManager alone: what a process killed right after the
    /// commit (before any closing step) leaves.
    func commitTerminationOnly(_ test: TestSystem, _ id: String) async throws {
        let before = try #require(try await test.contract(id))
        var after = before
        after.status = .terminated
        after.terminationReason = "MUTUAL_AGREEMENT"
        after.terminationEffectiveDate = "2026-11-22"
        after.version += 1
        let audit = AuditLog(
            logId: "ALTEST0000001",
            contractId: id,
            entityType: "contract",
            entityId: id,
            action: "TERMINATE_CONTRACT",
            actor: "t-admin",
            actorRole: "admin",
            timestamp: "2026-11-22T10:00:00.000Z",
            requestId: "test"
        )
        let change = ContractChange(contractId: id, contract: after, expectedVersion: before.version, audit: audit)
        _ = try await test.invoke(
            .databaseManager,
            DatabaseCall(.commitContract(change), for: TestSystem.admin),
            as: ChangeAcknowledgement.self
        )
    }

    @Test func aCommittedTerminationGetsItsBackupArchiveAndNoticeFromTheStream() async throws {
        let test = try await TestSystem()
        try await test.drain()
        try await commitTerminationOnly(test, "CT002DEF")
        let report = try await test.drain()
        #expect(report.streamBatches.filter { $0.mapping == "contracts-stream" }.map(\.records).reduce(0, +) == 1)
        #expect(try await test.subjects().filter { $0 == "Termination of contract CT002DEF" }.count == 1)
        let files = try await test.invoke(
            .databaseManager,
            DatabaseCall(DatabaseRequest.listFiles(contractId: "CT002DEF", page: PageRequest()), for: TestSystem.admin),
            as: Page<FileRecord>.self
        )
        #expect(!files.items.isEmpty && files.items.allSatisfy { $0.status == .archived })
        let buckets = Buckets(test.system.configuration)
        let backup = try await test.system.objects.getObject(
            bucket: buckets.backups,
            key: "contracts/CT002DEF/contract.json"
        )
        #expect(try backup.map { try JSON.decode(Contract.self, from: $0.data).status } == .active)
    }

    @Test func aBatchDeliveredAgainDoesNothingTwice() async throws {
        let test = try await TestSystem()
        try await test.drain()
        _ = try await test.act(.terminateContract, "CT001ABC", ["reason": "MUTUAL_AGREEMENT"])
        try await test.drain()
        let drain = try #require(test.system.streamDrain)
        let shard = try #require(
            try await test.system.streams?.shards(table: test.system.services.tableName(Tables.contracts)).first
        )
        let first = try #require(
            try await test.system.streams?.records(
                table: test.system.services.tableName(Tables.contracts),
                after: StreamPosition(shardId: shard.shardId, sequenceNumber: nil),
                limit: 1
            ).first
        )
        let replayed = try await drain.replay(
            EventSourceMappings.contractsStream,
            shard: shard.shardId,
            from: first.change.sequenceNumber
        )
        #expect(replayed.recordsDelivered > 0 && replayed.deadLettered.isEmpty)
        #expect(try await test.subjects().filter { $0 == "Termination of contract CT001ABC" }.count == 1)
        let buckets = Buckets(test.system.configuration)
        let versions = try await test.system.objects.listObjectVersions(
            bucket: buckets.backups,
            prefix: "contracts/CT001ABC/"
        )
        #expect(versions.count == 1)
    }

    @Test func aFailingConsumerIsRetriedBisectedAndDeadLettered() async throws {
        let test = try await TestSystem()
        try await test.drain()
        let real = CodableHandler(NotificationServiceHandler(services: test.system.services))
        let failing = FailingConsumer(real, failOn: "CT002DEF")
        test.system.lambda.register(.notificationService, failing)
        for id in ["CT001ABC", "CT002DEF", "CT004JKL"] {
            _ = try await test.invoke(
                .contractProcessor,
                ContractRequest(action: .suspendContract, caller: TestSystem.admin, contractId: id),
                as: JSONValue.self
            )
        }
        let report = try await test.drain()
        let letters = report.streamBatches.filter { $0.failure != nil }
        #expect(letters.count == 1 && letters.first?.records == 1)
        #expect(letters.first?.attempts == EventSourceMappings.contractsEvents.maximumRetryAttempts + 1)
        let delivered = report.streamBatches.filter { $0.failure == nil && $0.mapping == "contracts-events" }
        #expect(delivered.map(\.records).reduce(0, +) == 2)
        #expect(await failing.batchSizes.first == 3, "the batch of three went first")
        let dead = try await test.system.queue.deadLetters()
        let record = try #require(dead.first { $0.condition == .retryAttemptsExhausted })
        let info = try record.invocation.payload.decode(StreamFailureRecord.self).batchInfo
        #expect(info.batchSize == 1 && info.startSequenceNumber == info.endSequenceNumber)
        #expect(try await test.subjects().contains("Contract CT002DEF is now SUSPENDED") == false)
        #expect(try await test.subjects().contains("Contract CT001ABC is now SUSPENDED"))
    }
}

/// A stream consumer, but a stream batch holding `failOn` fails; everything else is forwarded.
actor FailingConsumer: ByteHandler {
    let real: any ByteHandler
    let failOn: String
    private(set) var batchSizes: [Int] = []

    init(_ real: any ByteHandler, failOn: String) {
        self.real = real
        self.failOn = failOn
    }

    func handle(_ payload: Data, context: LambdaContext) async throws -> Data {
        if case .object(let event) = try JSON.decode(JSONValue.self, from: payload),
            case .array(let records)? = event["Records"]
        {
            batchSizes.append(records.count)
            if String(decoding: payload, as: UTF8.self).contains(failOn) {
                throw DomainError.internal("the consumer cannot handle \(failOn)")
            }
        }
        return try await real.handle(payload, context: context)
    }
}

/// Real stream events from AWS's and others' projects reach the contracts stream's consumers as
/// stream batches, and, being another table's, are refused with a clear 400 naming the record;
/// nothing runs. ContractProcessor, which consumes no stream, refuses them saying which functions do.
@Suite("Real DynamoDB stream events at the contracts stream's consumers")
struct StreamFixtureTests {
    @Test(arguments: EventFixture.all(in: "dynamodb-stream"))
    func aForeignTablesRecordsAreRefusedClearly(_ fixture: EventFixture) async throws {
        let test = try await TestSystem()
        guard case .contractChanges(let event) = try fixture.decode(FileHandlerEvent.self) else {
            Issue.record("\(fixture) was not taken for a stream batch")
            return
        }
        #expect(!event.records.isEmpty)
        let sent = try await test.subjects().count
        let error = try #require(
            await #expect(throws: FunctionError.self, "FileHandler took the records of another table") {
                _ = try await test.system.invoke(.fileHandler, payload: try fixture.data())
            }
        )
        #expect(error.domainError.status == 400, "\(error)")
        #expect(
            error.errorMessage.contains("consumes the stream of development-testex-contracts"),
            "\(error.errorMessage)"
        )
        #expect(try await test.subjects().count == sent)
    }

    @Test(arguments: EventFixture.all(in: "dynamodb-stream"))
    func contractProcessorSaysWhoConsumesTheStream(_ fixture: EventFixture) async throws {
        let test = try await TestSystem()
        let error = try #require(
            await #expect(throws: FunctionError.self, "ContractProcessor took a stream batch") {
                _ = try await test.system.invoke(.contractProcessor, payload: try fixture.data())
            }
        )
        #expect(error.domainError.status == 400, "\(error)")
        #expect(error.errorMessage.contains("go to FileHandler and NotificationService"), "\(error.errorMessage)")
    }
}

/// A client's email is unique, whatever its case, through the guard item written in the client's
/// transaction; changing the email moves the guard.
@Suite("Client email guards")
struct ClientEmailGuardTests {
    func client(
        _ test: TestSystem,
        _ action: ContractAction,
        id: String? = nil,
        _ fields: [String: JSONValue]
    ) async throws -> Client {
        try await test.invoke(
            .contractProcessor,
            ContractRequest(action: action, caller: TestSystem.admin, clientId: id, fields: fields),
            as: Client.self
        )
    }

    func guardHolder(_ test: TestSystem, _ email: String) async throws -> String? {
        let item = try await test.system.tables.getItem(
            table: test.system.services.tableName(Tables.clientEmails),
            key: ["email": .string(email)]
        )
        return item?["client_id"]?.stringValue
    }

    @Test func anEmailChangeMovesItsGuardAndFreesTheOldEmail() async throws {
        let test = try await TestSystem()
        let first = try await client(test, .createClient, ["name": "First", "email": "one@example.com"])
        #expect(try await guardHolder(test, "one@example.com") == first.clientId)
        await #expect(throws: DomainError.conflict("a client with email one@example.com already exists")) {
            _ = try await client(test, .createClient, ["name": "Second", "email": "ONE@example.com"])
        }
        _ = try await client(test, .updateClient, id: first.clientId, ["email": "two@example.com"])
        #expect(try await guardHolder(test, "one@example.com") == nil)
        #expect(try await guardHolder(test, "two@example.com") == first.clientId)
        let second = try await client(test, .createClient, ["name": "Second", "email": "one@example.com"])
        await #expect(throws: DomainError.self) {
            _ = try await client(test, .updateClient, id: second.clientId, ["email": "Two@Example.com"])
        }
        #expect(try await guardHolder(test, "two@example.com") == first.clientId)
        let unchanged = try await test.invoke(
            .databaseManager,
            DatabaseCall(DatabaseRequest.getClient(clientId: second.clientId), for: TestSystem.admin),
            as: DatabaseClient.Record<Client>.self
        ).record
        #expect(
            unchanged?.email == "one@example.com" && unchanged?.version == 1,
            "a refused change leaves the client as it was"
        )
    }
}
