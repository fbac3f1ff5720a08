import Foundation
import LocalHarness
import Shared
import Testing

/// ContractProcessor's `complete_termination`: finds the post-commit steps a stopped termination
/// left undone and runs each once.
@Suite("Completing stopped terminations")
struct TerminationRecoveryTests {
    static let admin = Caller(subject: "t-admin", role: .admin)

    func complete(_ test: TestSystem, _ id: String, dryRun: Bool, caller: Caller = admin) async throws -> TerminationRecovery {
        try await test.invoke(.contractProcessor, ContractRequest(action: .completeTermination, caller: caller, contractId: id,
                                                                  fields: ["dry_run": .bool(dryRun)]), as: TerminationRecovery.self)
    }

    /// The state a process killed right after the conditional status change leaves.
    func terminateWithoutSteps(_ test: TestSystem, _ id: String) async throws {
        var contract = try #require(try await test.invoke(.databaseManager, DatabaseRequest.getContract(contractId: id),
                                                          as: DatabaseClient.Record<Contract>.self).record)
        let version = contract.version
        contract.status = .terminated
        contract.terminationReason = "MUTUAL_AGREEMENT"
        contract.terminatedBy = "t-admin"
        contract.version += 1
        _ = try await test.invoke(.databaseManager, DatabaseRequest.putContract(contract, expectedVersion: version),
                                  as: DatabaseClient.Record<Contract>.self)
    }

    @Test func aDryRunNamesTheMissingStepsAndChangesNothing() async throws {
        let test = try await TestSystem()
        try await terminateWithoutSteps(test, "CT002DEF")
        let sent = try await test.system.outbox.list().count
        let recovery = try await complete(test, "CT002DEF", dryRun: true)
        #expect(recovery.missing == [.audit, .backup, .archive, .notice])
        #expect(recovery.completed.isEmpty)
        #expect(try await test.system.outbox.list().count == sent)
    }

    @Test func missingStepsRunOnceAndThenThereIsNothingLeft() async throws {
        let test = try await TestSystem()
        try await terminateWithoutSteps(test, "CT002DEF")
        let recovery = try await complete(test, "CT002DEF", dryRun: false)
        #expect(recovery.completed == [.audit, .backup, .archive, .notice], "\(recovery.failed)")
        _ = try await test.system.drain()  // the notice is queued, as the flow queues it
        #expect(try await complete(test, "CT002DEF", dryRun: false).missing.isEmpty)
        _ = try await test.system.drain()
        let notices = try await test.system.outbox.list().filter { $0.subject == "Termination of contract CT002DEF" }
        #expect(notices.count == 1)
    }

    @Test func aCompleteTerminationHasNothingMissing() async throws {
        let test = try await TestSystem()
        _ = try await test.invoke(.contractProcessor, ContractRequest(action: .terminateContract, caller: Self.admin, contractId: "CT001ABC",
                                                                      fields: ["reason": "MUTUAL_AGREEMENT"]), as: Contract.self)
        _ = try await test.system.drain()  // backup, archive and notice are queued by the flow
        #expect(try await complete(test, "CT001ABC", dryRun: true).missing.isEmpty)
    }

    @Test func onlyTerminatedContractsAndNoClients() async throws {
        let test = try await TestSystem()
        do {
            _ = try await complete(test, "CT001ABC", dryRun: true)
            Issue.record("completed the termination of an ACTIVE contract")
        } catch {
            #expect((error as? DomainError)?.status == 409)
        }
        do {
            _ = try await complete(test, "CT001ABC", dryRun: true, caller: Caller(subject: "c", role: .client, clientId: "CL001XYZ"))
            Issue.record("a client completed a termination")
        } catch {
            #expect((error as? DomainError)?.status == 403)
        }
    }
}
