import Foundation
import LocalAWS
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// A batch of stream records whose events go to many contracts' queues: every queue's head is
/// sent, then all their attempts are written in one call that claims each queue's next delivery,
/// so the database is called once per round, not once per delivery, and each contract's events
/// still go one after another, in order.
@Suite struct WebhookBatchTests {
    @Test func manyContractsEventsAreSentSideBySideWithOneWriteOfTheirAttemptsPerRound() async throws {
        let test = try await TestSystem(logLevel: .debug)
        let system = test.system
        let receiver = try WebhookReceiver { _, _ in 200 }
        defer { receiver.stop() }
        _ = try await system.lambda.invoke(
            .notificationService,
            SubscriptionRequest.create(
                SubscriptionDraft(url: receiver.url, events: ["contract.updated"]),
                caller: TestSystem.admin,
                requestId: nil
            ),
            as: SubscriptionView.self,
            parent: nil
        )
        _ = try await system.drain()
        let active = try await test.activeContractIds()
        try #require(active.count >= 2, "the sample data has \(active.count) active contracts")
        for step in ["first", "second"] {
            for id in active {
                _ = try await system.lambda.invoke(
                    .contractProcessor,
                    ContractRequest(
                        action: .updateContract,
                        caller: TestSystem.admin,
                        contractId: id,
                        fields: ["description": .string("\(step) change")]
                    ),
                    as: JSONValue.self,
                    parent: nil
                )
            }
        }
        let records = Recorded<InvocationRecord>()
        system.lambda.observe { records.append($0) }
        _ = try await system.drain()

        let finishes = TerminationCallsTests.operations(records.all).filter { $0 == "finish_webhook_attempt" }
        #expect(finishes.count == 2, "one write per round of \(active.count) queues, got \(finishes.count)")
        let taken = try receiver.requests.filter { (200...299).contains($0.status) }.map { request in
            let object = try JSON.decode(JSONValue.self, from: request.body)["data"]?["object"]
            return (object?["contract_id"]?.stringValue ?? "", object?["description"]?.stringValue ?? "")
        }
        for id in active {
            #expect(taken.filter { $0.0 == id }.map(\.1) == ["first change", "second change"], "\(id): \(taken)")
        }
    }
}
