import AWSEvents
import Foundation
import HandlerRuntime
import LocalAWS
import LocalHarness
import Shared
import Testing
import WireFormat

@Suite("Scheduled rules")
struct ScheduledRuleTests {
    @Test func contractExpiryExpiresWhatEndedAuditsAndNotifiesOnce() async throws {
        let test = try await TestSystem()
        let first = try await test.runRule(Schedules.contractExpiry, at: "2026-11-22T10:00:00Z")
        #expect(test.changed(first) == ["CT004JKL"], "CT004JKL ended 2026-10-31")
        #expect(try await test.contract("CT004JKL")?.status == .expired)
        #expect(try await test.contract("CT002DEF")?.status == .active, "CT002DEF ends 2026-12-15")
        #expect(try await test.auditActions("CT004JKL").contains("EXPIRE_CONTRACT"))
        #expect(test.changed(try await test.runRule(Schedules.contractExpiry, at: "2026-11-22T10:00:00Z")).isEmpty)
        try await test.drain()
        #expect(try await test.subjects().filter { $0 == "Contract CT004JKL is now EXPIRED" }.count == 1)
    }

    @Test func renewalRemindersGoOutOncePerEndDate() async throws {
        let test = try await TestSystem()
        #expect(
            test.changed(try await test.runRule(Schedules.renewalReminders, at: "2026-11-22T08:00:00Z")) == ["CT002DEF"]
        )
        #expect(test.changed(try await test.runRule(Schedules.renewalReminders, at: "2026-11-22T08:00:00Z")).isEmpty)
        #expect(test.changed(try await test.runRule(Schedules.renewalReminders, at: "2026-11-23T08:00:00Z")).isEmpty)
        try await test.drain()
        #expect(try await test.subjects().filter { $0 == "Contract CT002DEF ends on 2026-12-15" }.count == 1)

        _ = try await test.act(.updateContract, "CT002DEF", ["end_date": "2026-12-20"])
        #expect(
            test.changed(try await test.runRule(Schedules.renewalReminders, at: "2026-11-24T08:00:00Z")) == [
                "CT002DEF"
            ],
            "a new end date gets its own reminder"
        )
    }

    @Test func fileLifecycleArchivesTheDocumentsOfContractsClosedLongEnoughAgo() async throws {
        let test = try await TestSystem()
        // Terminated now; the termination's own archive step stays queued (not drained) to show the rule move the file.
        _ = try await test.act(.terminateContract, "CT002DEF", ["reason": "CONVENIENCE"])
        #expect(
            test.changed(try await test.runRule(Schedules.fileLifecycle, at: "2026-12-22T03:30:00Z")).isEmpty,
            "30 days have not passed"
        )
        #expect(
            test.changed(try await test.runRule(Schedules.fileLifecycle, at: "2026-12-23T03:30:00Z")) == ["CT002DEF"]
        )
        let file = try await test.invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.getFile(fileId: SampleData.sampleFileId),
                for: TestSystem.admin
            ),
            as: DatabaseClient.Record<FileRecord>.self
        ).record
        #expect(file?.status == .archived && file?.bucket == Buckets(test.system.configuration).archives)
        #expect(try await test.contract("CT002DEF")?.documentsArchivedAt != nil)
        #expect(test.changed(try await test.runRule(Schedules.fileLifecycle, at: "2026-12-23T03:30:00Z")).isEmpty)
        try await test.drain()
        #expect(try await test.system.queue.deadLetters().isEmpty, "the queued archive step finds nothing left to move")
    }

    @Test func everyRuleFindsItsContractsThroughTheStatusIndexNeverAScan() async throws {
        let store = CountingTableStore()
        let configuration = Configuration(timeoutScale: 20)
        let system = LocalSystem(
            configuration: configuration,
            clock: .constant(TestSystem.now),
            ids: .random,
            state: nil,
            tables: store,
            objects: MemoryObjectStore(),
            outbox: MemoryMailOutbox(verifiedIdentities: [configuration.senderEmail]),
            logs: MemoryLogStore()
        )
        try await system.initialize()
        _ = try await SampleData.seed(system)
        await store.reset()
        for rule in Schedules.all where rule.target == .contractProcessor {
            let event = rule.event(
                at: TestSystem.now,
                configuration: configuration,
                region: configuration.region,
                account: LocalSystem.account
            )
            _ = try await system.lambda.invoke(.contractProcessor, event, as: JSONValue.self, parent: nil)
        }
        #expect(await store.scans == 0)
        let indexes = Set(await store.queries)
        #expect(indexes.contains("status-index"))
        #expect(
            indexes.isSubset(of: ["status-index", "contract_id-index", "client_id-index", "email-index"]),
            "\(indexes)"
        )
    }

    @Test func eventsThatAreNotOurSchedulesAreRefused() async throws {
        let test = try await TestSystem()
        let foreign = CloudwatchScheduledEvent(
            id: "x",
            accountId: "123456789012",
            time: "2026-11-22T10:00:00Z",
            region: "us-east-1",
            resources: ["arn:aws:events:us-east-1:123456789012:rule/ExampleRule"]
        )
        await #expect(throws: DomainError.self) {
            try await test.invoke(.contractProcessor, foreign, as: JSONValue.self)
        }
        // Each function runs only the rules that target it.
        let retries = Schedules.webhookRetries.event(
            at: TestSystem.now,
            configuration: test.system.configuration,
            region: "us-east-1",
            account: LocalSystem.account
        )
        await #expect(throws: DomainError.self) {
            try await test.invoke(.contractProcessor, retries, as: JSONValue.self)
        }
        let expiry = Schedules.contractExpiry.event(
            at: TestSystem.now,
            configuration: test.system.configuration,
            region: "us-east-1",
            account: LocalSystem.account
        )
        await #expect(throws: DomainError.self) {
            try await test.invoke(.notificationService, expiry, as: JSONValue.self)
        }
        let other = CloudwatchScheduledEvent(
            id: "x",
            detailType: "EC2 Instance State-change Notification",
            source: "aws.ec2",
            accountId: "123456789012",
            time: "2026-11-22T10:00:00Z",
            region: "us-east-1"
        )
        let error = try #require(
            await #expect(throws: DomainError.self, "ran a rule for an EC2 event") {
                _ = try await test.invoke(.contractProcessor, other, as: JSONValue.self)
            }
        )
        #expect(error.status == 400)
    }
}
