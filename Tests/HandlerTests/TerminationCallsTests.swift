import Foundation
import LocalAWS
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// What one termination costs in calls between functions, from the local Lambda's records: the
/// request, its closing steps and the events to a subscriber, as `api POST .../terminate` runs them.
@Suite struct TerminationCallsTests {
    /// The DatabaseManager operations each invocation logged (at debug level), in order.
    static func operations(_ records: [InvocationRecord]) -> [String] {
        records.filter { $0.function == .databaseManager }.flatMap { record in
            record.logLines.compactMap { line -> String? in
                guard let object = try? JSON.decode(JSONValue.self, from: Data(line.utf8)),
                    object["message"]?.stringValue == "database operation"
                else { return nil }
                return object["operation"]?.stringValue
            }
        }
    }

    @Test func aTerminationReadsWhatItsNoticeAndEachEventBatchNeedsInOneCall() async throws {
        let test = try await TestSystem(logLevel: .debug)
        let system = test.system
        _ = try await system.drain()
        let records = Recorded<InvocationRecord>()
        system.lambda.observe { records.append($0) }
        let request = ContractRequest(
            action: .terminateContract,
            caller: TestSystem.admin,
            contractId: "CT001ABC",
            fields: ["reason": "MUTUAL_AGREEMENT"]
        )
        _ = try await system.lambda.invoke(.contractProcessor, request, as: Contract.self, parent: nil)
        _ = try await system.drain()

        let operations = Self.operations(records.all)
        // The notice: one read of its log, its client and the suppression list, one write.
        #expect(operations.filter { $0 == "notice_context" }.count == 1)
        #expect(operations.filter { $0 == "put_notification" }.count == 1)
        for gone in [
            "get_client", "get_notification", "get_suppression", "webhook_queue_head", "claim_webhook_delivery",
            "list_subscriptions", "create_webhook_deliveries", "claim_webhook_head",
        ] {
            #expect(!operations.contains(gone), "\(gone) is made by the termination: \(operations)")
        }
        // Each batch of events is one call that matches the subscriptions, records the deliveries and
        // claims their heads: the contract's change, then the notice's log as sent and as delivered
        // in one batch (SES's delivery notification runs before the notifications' stream is polled).
        #expect(operations.filter { $0 == "publish_events" }.count == 2)
        // The sample subscription's contract.terminated: sent from its claim, finished once.
        #expect(operations.filter { $0 == "finish_webhook_attempt" }.count == 1)
        #expect(operations.count <= 9, "\(operations)")
        // The closing steps run in the stream's consumers themselves: FileHandler's backup and
        // archive, NotificationService's notice with the change's events, no call between them.
        let invoked = records.all.map(\.function)
        #expect(invoked.filter { $0 == .contractProcessor }.count == 1, "\(invoked)")
        #expect(invoked.filter { $0 == .fileHandler }.count == 1, "\(invoked)")
        #expect(invoked.filter { $0 == .notificationService }.count == 3, "\(invoked)")
        #expect(invoked.count <= 14, "\(invoked)")
        // Addressed from the client's record, as before.
        let notices = try await system.outbox.list().filter { $0.template == TemplateName.terminationNotice.rawValue }
        #expect(notices.map(\.to) == [["contact@client.com"]])
    }

    /// A batch of changes that each ask for a notice reads what all the sends need in one call.
    @Test func aBatchOfNoticesReadsWhatTheyNeedInOneCall() async throws {
        let test = try await TestSystem(logLevel: .debug)
        let system = test.system
        _ = try await system.drain()
        let active = try await test.activeContractIds()
        try #require(active.count >= 2, "the sample data has \(active.count) active contracts")
        for id in active {
            _ = try await system.lambda.invoke(
                .contractProcessor,
                ContractRequest(action: .suspendContract, caller: TestSystem.admin, contractId: id),
                as: Contract.self,
                parent: nil
            )
        }
        let records = Recorded<InvocationRecord>()
        system.lambda.observe { records.append($0) }
        _ = try await system.drain()
        #expect(Self.operations(records.all).filter { $0 == "notice_context" }.count == 1)
        let subjects = try await system.outbox.list().map(\.subject)
        for id in active { #expect(subjects.contains("Contract \(id) is now SUSPENDED"), "\(subjects)") }
    }

    /// A batch of terminations reads the documents all its archives move in one call.
    @Test func aBatchOfTerminationsReadsTheDocumentsItArchivesInOneCall() async throws {
        let test = try await TestSystem(logLevel: .debug)
        let system = test.system
        _ = try await system.drain()
        let active = try await test.activeContractIds()
        let before = try await system.allItems(of: Tables.files).map { try $0.decode(FileRecord.self) }
        try #require(before.contains { active.contains($0.contractId) && $0.status == .active })
        for id in active {
            _ = try await system.lambda.invoke(
                .contractProcessor,
                ContractRequest(
                    action: .terminateContract,
                    caller: TestSystem.admin,
                    contractId: id,
                    fields: ["reason": "MUTUAL_AGREEMENT"]
                ),
                as: Contract.self,
                parent: nil
            )
        }
        let records = Recorded<InvocationRecord>()
        system.lambda.observe { records.append($0) }
        _ = try await system.drain()
        let operations = Self.operations(records.all)
        #expect(operations.filter { $0 == "active_files" }.count == 1, "\(operations)")
        #expect(!operations.contains("list_files"), "\(operations)")
        let after = try await system.allItems(of: Tables.files).map { try $0.decode(FileRecord.self) }
        #expect(after.filter { active.contains($0.contractId) }.allSatisfy { $0.status == .archived })
    }
}
