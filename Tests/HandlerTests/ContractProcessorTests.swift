import Foundation
import HandlerRuntime
import LocalHarness
import Shared
import Testing
import WireFormat

@Suite("ContractProcessor")
struct ContractProcessorTests {
    static let admin = Caller(subject: "t-admin", role: .admin)

    func act(
        _ test: TestSystem,
        _ action: ContractAction,
        _ id: String,
        _ fields: [String: JSONValue] = [:]
    ) async throws -> Contract {
        try await test.invoke(
            .contractProcessor,
            ContractRequest(action: action, caller: Self.admin, contractId: id, fields: fields),
            as: Contract.self
        )
    }

    @Test func theLifecycleAllowsExactlyTheSpecsTransitions() {
        let allowed: Set<String> = [
            "ACTIVE>SUSPENDED", "SUSPENDED>ACTIVE", "ACTIVE>TERMINATED", "SUSPENDED>TERMINATED", "ACTIVE>EXPIRED",
        ]
        for from in ContractStatus.allCases {
            for to in ContractStatus.allCases {
                #expect(
                    from.canTransition(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"),
                    "\(from) -> \(to)"
                )
            }
        }
    }

    @Test func suspendReactivateAndTerminateFollowTheLifecycleAndAuditEachChange() async throws {
        let test = try await TestSystem()
        let suspended = try await act(test, .suspendContract, "CT001ABC", ["reason": "Review"])
        #expect(suspended.status == .suspended && suspended.version == 2)
        let error = try #require(
            await #expect(throws: DomainError.self, "suspended twice") {
                _ = try await act(test, .suspendContract, "CT001ABC")
            }
        )
        #expect(error.status == 409)
        let active = try await act(test, .reactivateContract, "CT001ABC")
        #expect(active.status == .active && active.version == 3)
        let terminated = try await act(test, .terminateContract, "CT001ABC", ["reason": "BREACH_OF_CONTRACT"])
        #expect(terminated.status == .terminated && terminated.terminationReason == "BREACH_OF_CONTRACT")
        for action in [ContractAction.reactivateContract, .suspendContract, .terminateContract] {
            let error = try #require(
                await #expect(throws: DomainError.self, "\(action) after termination") {
                    _ = try await act(
                        test,
                        action,
                        "CT001ABC",
                        action == .terminateContract ? ["reason": "OTHER"] : [:]
                    )
                }
            )
            #expect(error.status == 409)
        }
        let refused = try #require(
            await #expect(throws: DomainError.self, "updated a terminated contract") {
                _ = try await act(test, .updateContract, "CT001ABC", ["value": 1])
            }
        )
        #expect(refused.status == 409)
        let audit = try await test.invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.listAuditLogs(contractId: "CT001ABC", page: PageRequest()),
                for: TestSystem.admin
            ),
            as: Page<AuditLog>.self
        )
        #expect(
            audit.items.map(\.action).sorted() == [
                "CREATE_CONTRACT", "REACTIVATE_CONTRACT", "SUSPEND_CONTRACT", "TERMINATE_CONTRACT",
            ]
        )
        #expect(audit.items.allSatisfy { $0.actor == "t-admin" || $0.action == "CREATE_CONTRACT" })
    }

    @Test(arguments: [
        (["value": "12.345"] as [String: JSONValue], 422), (["value": -1], 422), (["start_date": "2026-13-01"], 422),
        (["end_date": "2020-01-01"], 422), (["contract_type": "lower case"], 422), (["currency": "EURO"], 422),
        (["value": true], 400), (["status": "TERMINATED"], 400), (["expected_version": 9], 409),
    ])
    func invalidUpdatesAreRefusedAndChangeNothing(_ fields: [String: JSONValue], _ expected: Int) async throws {
        let test = try await TestSystem()
        let error = try #require(
            await #expect(throws: DomainError.self, "accepted \(fields)") {
                _ = try await act(test, .updateContract, "CT001ABC", fields)
            }
        )
        #expect(error.status == expected, "\(fields): \(error)")
        let contract = try await test.invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.getContract(contractId: "CT001ABC"),
                for: TestSystem.admin
            ),
            as: DatabaseClient.Record<Contract>.self
        ).record
        #expect(contract?.version == 1)
    }
}
