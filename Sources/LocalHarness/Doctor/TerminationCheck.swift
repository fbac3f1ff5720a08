import Foundation
import LocalAWS
import Shared

/// Terminations stopped after their commit point: a TERMINATED contract whose audit entry,
/// backup, archive or notice left no trace. ContractProcessor's `complete_termination` knows the
/// traces; a check asks it for a dry run, a repair lets it run the missing steps.
struct TerminationCheck {
    let system: LocalSystem
    let check: StateCheck

    /// Who the recovered steps are recorded as.
    static let caller = Caller(subject: "testex-local-doctor", role: .admin)

    func run() async throws {
        let table = system.services.tableName(Tables.contracts)
        guard try await system.tables.describeTable(table) != nil else { return }
        // Steps still waiting in the asynchronous queue are not missing: the next drain runs them.
        let queued = Set(try await system.queue.pending().compactMap { invocation -> String? in
            guard case .object(let payload) = invocation.payload, case .string(let id)? = payload["contract_id"] else { return nil }
            return id
        })
        for id in try await terminatedContracts(table) where !queued.contains(id) {
            let request = ContractRequest(action: .completeTermination, caller: Self.caller, contractId: id,
                                          fields: ["dry_run": .bool(!check.repairing)])
            let recovery = try await system.router.invoke(.contractProcessor, request, as: TerminationRecovery.self, parent: nil)
            guard !recovery.missing.isEmpty else { continue }
            let steps = recovery.missing.map(\.rawValue).joined(separator: ", ")
            var problem = StateProblem(path: try path(table, id), reason: "terminated contract lacks its \(steps) (stopped after the status change)",
                                       fix: .complete)
            if check.repairing {
                problem.repaired = "completed: " + (recovery.completed.map(\.rawValue).joined(separator: ", "))
                    + recovery.failed.sorted { $0.key < $1.key }.map { "; \($0.key) failed: \($0.value)" }.joined()
            }
            check.record(problem)
        }
    }

    private func terminatedContracts(_ table: String) async throws -> [String] {
        var ids: [String] = []
        var start: Item?
        repeat {
            let page = try await system.tables.query(QueryRequest(table: table, index: "status-index", partitionKey: .string(ContractStatus.terminated.rawValue),
                                                                  limit: 1000, exclusiveStartKey: start))
            ids += page.items.compactMap { if case .string(let id)? = $0["contract_id"] { id } else { nil } }
            start = page.lastEvaluatedKey
        } while start != nil
        return ids
    }

    private func path(_ table: String, _ id: String) throws -> String {
        guard let tables = system.tables as? FileTableStore else { return "\(table)/\(id)" }
        return check.relative(try tables.itemFile(table: table, key: ["contract_id": .string(id)]))
    }
}
