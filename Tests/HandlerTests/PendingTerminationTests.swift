import Foundation
import LocalHarness
import Shared
import Testing
import WireFormat

@Suite("Terminations with a future effective date")
struct PendingTerminationTests {
    @Test func aFutureEffectiveDateRecordsAPendingTerminationAndSendsTheNoticeNow() async throws {
        let test = try await TestSystem()
        let pending = try await test.act(
            .terminateContract,
            "CT001ABC",
            ["reason": "CONVENIENCE", "effective_date": "2026-12-01"]
        )
        #expect(pending.status == .active && pending.hasPendingTermination)
        #expect(pending.terminationEffectiveDate == "2026-12-01" && pending.terminatedAt == nil && pending.version == 2)
        #expect(try await test.auditActions("CT001ABC").contains("SCHEDULE_TERMINATION"))
        try await test.drain()
        #expect(try await test.subjects().contains("Scheduled termination of contract CT001ABC on 2026-12-01"))
        let backups = try await test.system.objects.listObjectVersions(
            bucket: Buckets(test.system.configuration).backups,
            prefix: "contracts/CT001ABC/"
        )
        #expect(backups.isEmpty, "nothing is backed up before the termination takes effect")

        for fields: [String: JSONValue] in [["reason": "OTHER"], ["reason": "OTHER", "effective_date": "2026-12-05"]] {
            let error = try #require(
                await #expect(throws: DomainError.self, "terminated twice: \(fields)") {
                    _ = try await test.act(.terminateContract, "CT001ABC", fields)
                }
            )
            #expect(error.status == 409)
        }
    }

    @Test func anEffectiveDateAfterTheEndDateIsRefused() async throws {
        let test = try await TestSystem()
        let error = try #require(
            await #expect(throws: DomainError.self, "accepted a termination after the contract's end") {
                _ = try await test.act(
                    .terminateContract,
                    "CT002DEF",
                    ["reason": "CONVENIENCE", "effective_date": "2027-01-01"]
                )
            }
        )
        #expect(error.status == 422)
        #expect(try await test.contract("CT002DEF")?.version == 1)
    }

    @Test func reactivatingCancelsAPendingTerminationAndTheSweepLeavesTheContract() async throws {
        let test = try await TestSystem()
        _ = try await test.act(
            .terminateContract,
            "CT001ABC",
            ["reason": "CONVENIENCE", "effective_date": "2026-12-01"]
        )
        let cancelled = try await test.act(.reactivateContract, "CT001ABC", ["reason": "Client changed its mind"])
        #expect(
            cancelled.status == .active && !cancelled.hasPendingTermination && cancelled.terminationEffectiveDate == nil
        )
        #expect(try await test.auditActions("CT001ABC").contains("CANCEL_TERMINATION"))
        let result = try await test.runRule(Schedules.pendingTerminations, at: "2026-12-01T01:00:00Z")
        #expect(test.changed(result).isEmpty)
        #expect(try await test.contract("CT001ABC")?.status == .active)
        let error = try #require(
            await #expect(throws: DomainError.self, "reactivated an active contract") {
                _ = try await test.act(.reactivateContract, "CT001ABC")
            }
        )
        #expect(error.status == 409)
    }

    @Test func theSweepFinalizesOnTheEffectiveDateEvenASuspendedContractOnce() async throws {
        let test = try await TestSystem()
        _ = try await test.act(
            .terminateContract,
            "CT001ABC",
            ["reason": "CONVENIENCE", "effective_date": "2026-12-01"]
        )
        _ = try await test.act(.suspendContract, "CT001ABC", ["reason": "Unpaid invoice"])
        #expect(test.changed(try await test.runRule(Schedules.pendingTerminations, at: "2026-11-30T23:00:00Z")).isEmpty)
        #expect(
            test.changed(try await test.runRule(Schedules.pendingTerminations, at: "2026-12-01T00:00:00Z")) == [
                "CT001ABC"
            ]
        )
        #expect(test.changed(try await test.runRule(Schedules.pendingTerminations, at: "2026-12-01T00:00:00Z")).isEmpty)
        let terminated = try #require(try await test.contract("CT001ABC"))
        #expect(terminated.status == .terminated && !terminated.hasPendingTermination && terminated.terminatedAt != nil)
        #expect(terminated.terminationReason == "CONVENIENCE")
        #expect(try await test.auditActions("CT001ABC").filter { $0 == "TERMINATE_CONTRACT" }.count == 1)
        try await test.drain()
        let backup = try await test.system.objects.getObject(
            bucket: Buckets(test.system.configuration).backups,
            key: "contracts/CT001ABC/contract.json"
        )
        #expect(
            backup.map { String(decoding: $0.data, as: UTF8.self).contains("\"SUSPENDED\"") } == true,
            "the backup is the contract as it was"
        )
    }
}
