import Foundation
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

@testable import NotificationService

/// Event subscriptions end to end in one process: a subscription on a loopback receiver, contract
/// changes through ContractProcessor, the events derived from the streams and delivered.
@Suite("Event subscriptions: events derived from the streams, signed, retried, in order per contract")
struct SubscriptionEventTests {
    let time = ManualClock(TestSystem.now)
    let system: LocalSystem
    static let admin = Caller(subject: "t-admin", role: .admin)

    init() async throws {
        system = LocalSystem.memory(configuration: Configuration(timeoutScale: 20), clock: time.clock)
        try await system.initialize()
        _ = try await SampleData.seed(system)
        _ = try await system.drain()
    }

    func subscribe(_ url: String, events: [String] = ["*"], caller: Caller = admin) async throws -> SubscriptionView {
        try await system.lambda.invoke(
            .notificationService,
            SubscriptionRequest.create(SubscriptionDraft(url: url, events: events), caller: caller, requestId: nil),
            as: SubscriptionView.self,
            parent: nil
        )
    }

    func act(_ action: ContractAction, _ id: String, _ fields: [String: JSONValue] = [:]) async throws {
        _ = try await system.lambda.invoke(
            .contractProcessor,
            ContractRequest(action: action, caller: Self.admin, contractId: id, fields: fields),
            as: JSONValue.self,
            parent: nil
        )
        _ = try await system.drain()
    }

    /// The events a receiver took (2xx), as (type, contract id).
    func taken(_ receiver: WebhookReceiver) throws -> [(type: String, contract: String, id: String)] {
        try receiver.requests.filter { (200...299).contains($0.status) }.map { request in
            let body = try JSON.decode(JSONValue.self, from: request.body)
            return (
                body["type"]?.stringValue ?? "", body["data"]?["object"]?["contract_id"]?.stringValue ?? "",
                body["id"]?.stringValue ?? ""
            )
        }
    }

    @Test func aSubscriptionsSecretIsAnsweredOnceAndItsCreationIsAudited() async throws {
        let created = try await subscribe("http://127.0.0.1:9/hook", events: ["contract.terminated"])
        let secret = try #require(created.secret)
        #expect(secret.hasPrefix("whsec_"))
        let key: Item = ["subscription_id": .string(created.subscriptionId)]
        let item = try await system.tables.getItem(table: system.services.tableName(Tables.subscriptions), key: key)
        let stored = try #require(try item?.decode(Subscription.self))
        #expect(stored.view().secret == nil && stored.secret == secret)
        let audit = try await system.allItems(of: Tables.auditLogs).map { try $0.decode(AuditLog.self) }
            .filter { $0.entityId == created.subscriptionId }
        #expect(audit.map(\.action) == ["CREATE_SUBSCRIPTION"])
        #expect(!JSON.string(audit).contains(secret), "the audit trail never holds the secret")
    }

    @Test(arguments: [
        ("http://user:pw@127.0.0.1/hook", ["*"], "credentials"), ("ftp://127.0.0.1/hook", ["*"], "http or https"),
        ("http://127.0.0.1/hook", ["contract.exploded"], "unknown event type"), ("http://127.0.0.1/hook", [], "1 to"),
        ("http://127.0.0.1/hook", ["*", "*"], "twice"),
    ])
    func aBadSubscriptionIsRefusedNamingTheProblemAndNothingIsSaved(
        _ url: String,
        _ events: [String],
        _ problem: String
    ) async throws {
        let before = try await system.allItems(of: Tables.subscriptions).count
        await #expect {
            _ = try await subscribe(url, events: events)
        } throws: { error in
            (error as? DomainError)?.message.contains(problem) == true
        }
        #expect(try await system.allItems(of: Tables.subscriptions).count == before)
        await #expect(throws: DomainError.self) {
            _ = try await subscribe(
                "http://127.0.0.1/hook",
                caller: Caller(subject: "c", role: .client, clientId: "CL001XYZ")
            )
        }
    }

    @Test func contractChangesBecomeEventsWithTheRecordsNewStateInOrder() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        _ = try await subscribe(
            receiver.url,
            events: SubscriptionEvent.allCases.filter { $0.rawValue.hasPrefix("contract.") }.map(\.rawValue)
        )
        try await act(.updateContract, "CT001ABC", ["description": "Hosting, support and backups"])
        try await act(.suspendContract, "CT001ABC", ["reason": "Audit"])
        try await act(.reactivateContract, "CT001ABC")
        try await act(.terminateContract, "CT001ABC", ["reason": "MUTUAL_AGREEMENT", "effective_date": "2026-12-31"])
        try await act(.reactivateContract, "CT001ABC")
        try await act(.terminateContract, "CT001ABC", ["reason": "MUTUAL_AGREEMENT"])
        let events = try taken(receiver)
        #expect(
            events.map(\.type) == [
                "contract.updated", "contract.suspended", "contract.reactivated", "contract.termination_scheduled",
                "contract.termination_cancelled", "contract.terminated",
            ]
        )
        #expect(Set(events.map(\.contract)) == ["CT001ABC"] && Set(events.map(\.id)).count == events.count)
        let last = try JSON.decode(JSONValue.self, from: try #require(receiver.requests.last).body)
        #expect(last["data"]?["object"]?["status"] == "TERMINATED")
        #expect(last["data"]?["previous_attributes"]?["status"] == "ACTIVE")
    }

    @Test func aReceiverThatFailsTwiceGetsEveryEventOnceSignedAndInOrderPerContract() async throws {
        let receiver = try WebhookReceiver { number, _ in number <= 2 ? 500 : 200 }
        defer { receiver.stop() }
        let subscription = try await subscribe(
            receiver.url,
            events: ["contract.suspended", "contract.reactivated", "contract.terminated"]
        )
        try await act(.suspendContract, "CT001ABC")
        try await act(.suspendContract, "CT002DEF")
        try await act(.reactivateContract, "CT001ABC")
        try await act(.terminateContract, "CT002DEF", ["reason": "OTHER"])
        #expect(try taken(receiver).isEmpty, "both contracts' first events failed; their later ones wait")
        time.advance(30)
        _ = try await system.drain()
        let events = try taken(receiver)
        #expect(events.count == 4 && Set(events.map(\.id)).count == 4)
        #expect(
            events.filter { $0.contract == "CT001ABC" }.map(\.type) == ["contract.suspended", "contract.reactivated"]
        )
        #expect(
            events.filter { $0.contract == "CT002DEF" }.map(\.type) == ["contract.suspended", "contract.terminated"]
        )
        let secret = try #require(subscription.secret)
        for request in receiver.requests {
            let header = try #require(request.headers["testex-signature"])
            #expect(WebhookSignature.verify(header: header, body: request.body, secret: secret, now: Date()) == .valid)
        }
    }

    @Test func aReplayedStreamGivesTheSameEventIdsAndNoSecondDelivery() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        _ = try await subscribe(receiver.url, events: ["contract.suspended", "contract.reactivated"])
        let table = system.services.tableName(Tables.contracts)
        let streams = try #require(system.streams)
        let shard = try #require(try await streams.shards(table: table).first).shardId
        let before = try await streams.records(
            table: table,
            after: StreamPosition(shardId: shard, sequenceNumber: nil),
            limit: 1000
        )
        try await act(.suspendContract, "CT001ABC")
        try await act(.reactivateContract, "CT001ABC")
        let deliveries = try await system.allItems(of: Tables.webhookDeliveries).count
        let sent = receiver.requests.count
        #expect(sent == 2)
        let changes = try await streams.records(
            table: table,
            after: StreamPosition(shardId: shard, sequenceNumber: before.last?.change.sequenceNumber),
            limit: 10
        )
        let drain = try #require(system.streamDrain)
        let report = try await drain.replay(
            EventSourceMappings.contractsEvents,
            shard: shard,
            from: try #require(changes.first).change.sequenceNumber
        )
        #expect(report.recordsDelivered == 2 && report.deadLettered.isEmpty)
        #expect(try await system.allItems(of: Tables.webhookDeliveries).count == deliveries)
        #expect(receiver.requests.count == sent)
    }

    @Test func aDeletedSubscriptionGetsNoMoreEvents() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let subscription = try await subscribe(receiver.url)
        _ = try await system.lambda.invoke(
            .notificationService,
            SubscriptionRequest.delete(subscriptionId: subscription.subscriptionId, caller: Self.admin, requestId: nil),
            as: SubscriptionView.self,
            parent: nil
        )
        try await act(.suspendContract, "CT001ABC")
        #expect(receiver.requests.isEmpty)
    }
}

@Suite("Which change is which event")
struct PublishedEventRuleTests {
    func contract(_ status: ContractStatus, pending: Bool = false) -> Contract {
        var contract = Contract(
            contractId: "CT001ABC",
            clientId: "CL001XYZ",
            contractType: "SERVICE",
            status: status,
            startDate: "2026-01-01",
            endDate: "2027-01-01",
            value: 1,
            currency: "EUR",
            createdAt: "2026-01-01T00:00:00.000Z",
            updatedAt: "2026-01-01T00:00:00.000Z"
        )
        contract.pendingTermination = pending ? true : nil
        return contract
    }

    func log(_ status: String) -> NotificationLog {
        NotificationLog(
            notificationId: "NT000000000001",
            contractId: "CT001ABC",
            template: "status-update",
            recipients: ["a@b.example"],
            subject: "s",
            messageId: nil,
            status: status,
            sentAt: "2026-11-22T10:00:00.000Z",
            requestedBy: "t"
        )
    }

    @Test func aNotificationIsAnEventWhenItIsLoggedAndWhenItsStatusChanges() {
        #expect(PublishedEvent.notificationEvent(old: nil, new: log("SENT")) == .notificationSent)
        #expect(PublishedEvent.notificationEvent(old: nil, new: log("SUPPRESSED")) == .notificationSuppressed)
        #expect(PublishedEvent.notificationEvent(old: log("SENT"), new: log("DELIVERED")) == .notificationDelivered)
        #expect(
            PublishedEvent.notificationEvent(old: log("DELIVERED"), new: log("COMPLAINED")) == .notificationComplained
        )
        #expect(PublishedEvent.notificationEvent(old: log("SENT"), new: log("BOUNCED")) == .notificationBounced)
        #expect(PublishedEvent.notificationEvent(old: log("SENT"), new: log("SENT")) == nil)
        #expect(PublishedEvent.notificationEvent(old: log("SENT"), new: nil) == nil)
    }

    @Test func previousAttributesAreTheChangedOnesWithTheirOldValues() {
        let changes = PublishedEvent.changes(from: ["a": 1, "b": "x", "gone": true], to: ["a": 1, "b": "y", "new": 2])
        #expect(changes == ["b": "x", "gone": true, "new": .null])
    }

    @Test func eachContractChangeIsOneEvent() {
        let active = contract(.active)
        #expect(PublishedEvent.contractEvent(old: nil, new: active) == .contractCreated)
        #expect(PublishedEvent.contractEvent(old: active, new: nil) == .contractDeleted)
        #expect(PublishedEvent.contractEvent(old: active, new: active) == .contractUpdated)
        #expect(PublishedEvent.contractEvent(old: active, new: contract(.suspended)) == .contractSuspended)
        #expect(PublishedEvent.contractEvent(old: contract(.suspended), new: active) == .contractReactivated)
        #expect(
            PublishedEvent.contractEvent(old: active, new: contract(.active, pending: true))
                == .contractTerminationScheduled
        )
        #expect(
            PublishedEvent.contractEvent(old: contract(.active, pending: true), new: active)
                == .contractTerminationCancelled
        )
        #expect(
            PublishedEvent.contractEvent(old: contract(.active, pending: true), new: contract(.terminated))
                == .contractTerminated
        )
        #expect(PublishedEvent.contractEvent(old: active, new: contract(.expired)) == .contractExpired)
    }
}
