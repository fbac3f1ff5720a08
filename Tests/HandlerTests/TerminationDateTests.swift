import Foundation
import LocalHarness
import Shared
import Testing
import WireFormat

/// Who may choose a termination's effective date: nobody before the contract's start, only an
/// admin before today (within the contract's term, and the audit entry says so).
@Suite("Termination dates")
struct TerminationDateTests {
    static let client = Caller(subject: "client-cl001xyz", role: .client, clientId: "CL001XYZ")

    func terminate(_ test: TestSystem, as caller: Caller, _ fields: [String: JSONValue]) async throws -> Contract {
        let request = ContractRequest(
            action: .terminateContract,
            caller: caller,
            contractId: "CT001ABC",
            fields: fields
        )
        return try await test.invoke(.contractProcessor, request, as: Contract.self)
    }

    @Test(arguments: ["1900-01-01", "2026-01-01", "2026-11-21"])
    func aClientCannotBackdateItsOwnTermination(_ day: String) async throws {
        let test = try await TestSystem()
        let error = try #require(
            await #expect(throws: DomainError.self, "a client backdated its termination to \(day)") {
                _ = try await terminate(
                    test,
                    as: Self.client,
                    ["reason": "CONVENIENCE", "effective_date": .string(day)]
                )
            }
        )
        #expect(error.status == 403, "\(error)")
        #expect(try await test.contract("CT001ABC")?.version == 1)
        #expect(try await test.auditActions("CT001ABC") == ["CREATE_CONTRACT"])
    }

    @Test func aClientMayTerminateTodayOrLater() async throws {
        let test = try await TestSystem()
        let fields: [String: JSONValue] = ["reason": "CONVENIENCE", "effective_date": "2026-11-22"]
        let terminated = try await terminate(test, as: Self.client, fields)
        #expect(terminated.status == .terminated && terminated.terminationEffectiveDate == "2026-11-22")
    }

    @Test(arguments: [Caller(subject: "t-admin", role: .admin), client])
    func nobodyTerminatesBeforeTheStartDate(_ caller: Caller) async throws {
        let test = try await TestSystem()
        let error = try #require(
            await #expect(throws: DomainError.self, "\(caller.role) terminated before the start date") {
                _ = try await terminate(test, as: caller, ["reason": "CONVENIENCE", "effective_date": "2025-12-31"])
            }
        )
        #expect([403, 422].contains(error.status), "\(error)")
        #expect(try await test.contract("CT001ABC")?.version == 1)
    }

    @Test func anAdminMayBackdateWithinTheTermAndTheAuditEntrySaysSo() async throws {
        let test = try await TestSystem()
        let fields: [String: JSONValue] = ["reason": "BREACH_OF_CONTRACT", "effective_date": "2026-06-30"]
        let terminated = try await terminate(test, as: TestSystem.admin, fields)
        #expect(terminated.status == .terminated && terminated.terminationEffectiveDate == "2026-06-30")
        let audit = try await test.invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.listAuditLogs(contractId: "CT001ABC", page: PageRequest()),
                for: TestSystem.admin
            ),
            as: Page<AuditLog>.self
        )
        let entry = try #require(audit.items.first { $0.action == "TERMINATE_CONTRACT" })
        #expect(entry.details?["backdated"] == "true")
        #expect(entry.details?["effective_date"] == "2026-06-30")
        #expect(entry.details?["requested_on"] == "2026-11-22")
    }
}
