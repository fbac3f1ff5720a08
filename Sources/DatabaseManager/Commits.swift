import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// The changes that write more than one item, each as one `TransactWriteItems`: the record, its
/// audit entry, and what must hold with it (an idempotency record, a uniqueness guard). A
/// refused transaction writes nothing and is explained by the action that failed. Each is
/// started only with time left to finish it before `deadline`, the invocation's (its caller's
/// when that is sooner): a caller that has given up never sees its change made afterwards.
struct Commits: Sendable {
    let store: TableAccess

    var services: Services { store.services }

    /// With an `owner`, the stored contract must be that client's, or the commit is refused as
    /// if the contract were absent.
    func commit(
        _ change: ContractChange,
        owner: String? = nil,
        before deadline: Date
    ) async throws -> ChangeAcknowledgement {
        try await store.transact(try writes(of: change, owner: owner), before: deadline) { failed in
            try await failure(of: change, owner: owner, action: failed)
        }
        return ChangeAcknowledgement(key: change.contractId, version: change.contract?.version)
    }

    /// The contract's put or delete, its audit entry, and its idempotency record when it has one.
    private func writes(of change: ContractChange, owner: String?) throws -> [TransactWriteItem] {
        let table = services.tableName(Tables.contracts)
        var items: [TransactWriteItem]
        if let contract = change.contract {
            guard contract.contractId == change.contractId else {
                throw DomainError.malformed(
                    "the change of contract \(change.contractId) holds contract \(contract.contractId)"
                )
            }
            var condition = store.versionCondition(change.expectedVersion, key: "contract_id")
            if let owner { condition = .and([condition, .equals("client_id", .string(owner))]) }
            items = [.put(table: table, item: try Item(encoding: contract), condition: condition)]
        } else {
            let condition: Condition =
                change.expectedVersion.map { .equals("version", .number(Decimal($0))) }
                ?? .attributeExists("contract_id")
            items = [.delete(table: table, key: ["contract_id": .string(change.contractId)], condition: condition)]
        }
        items.append(try audit(change.audit))
        if let record = change.idempotency {
            // An IN_PROGRESS record is a claim of the state's earlier layout, whose request died.
            items.append(
                .put(
                    table: services.tableName(Tables.idempotency),
                    item: try Item(encoding: record),
                    condition: .or([.attributeNotExists("idempotency_key"), .equals("status", "IN_PROGRESS")])
                )
            )
        }
        return items
    }

    /// Why the transaction was refused, from the index of the action that failed.
    private func failure(of change: ContractChange, owner: String?, action failed: Int) async throws -> DomainError {
        let key: Item = ["contract_id": .string(change.contractId)]
        switch failed {
        case 0 where owner != nil:
            let stored = try await store.get(Contract.self, from: Tables.contracts, key: key)
            guard stored?.clientId == owner else {
                return .notFound("contract \(change.contractId) does not exist")
            }
            return try await store.conflict(
                table: Tables.contracts,
                key: key,
                expectedVersion: change.expectedVersion,
                what: "contract \(change.contractId)"
            )
        case 0:
            // A delete needs the contract to exist: without a version, its failure means it does not.
            let expected = change.contract == nil ? change.expectedVersion ?? 0 : change.expectedVersion
            return try await store.conflict(
                table: Tables.contracts,
                key: key,
                expectedVersion: expected,
                what: "contract \(change.contractId)"
            )
        case 1: return .internal("audit log id \(change.audit.logId) is taken")
        default:
            return .conflict(
                "Idempotency-Key \(change.idempotency?.idempotencyKey ?? "-") was used by another request meanwhile"
            )
        }
    }

    /// The client with its guard: a new email's guard must be free (or already this client's),
    /// and a changed email's old guard goes in the same transaction.
    func commit(_ change: ClientChange, before deadline: Date) async throws -> ChangeAcknowledgement {
        let client = change.client
        let guards = services.tableName(Tables.clientEmails)
        let email = ClientEmailGuard.key(client.email)
        var items: [TransactWriteItem] = [
            .put(
                table: services.tableName(Tables.clients),
                item: try Item(encoding: client),
                condition: store.versionCondition(change.expectedVersion, key: "client_id")
            ),
            try audit(change.audit),
        ]
        let previous = change.previousEmail.map(ClientEmailGuard.key)
        if previous != email {
            items.append(
                .put(
                    table: guards,
                    item: ["email": .string(email), "client_id": .string(client.clientId)],
                    condition: .or([.attributeNotExists("email"), .equals("client_id", .string(client.clientId))])
                )
            )
            if let previous {
                items.append(
                    .delete(
                        table: guards,
                        key: ["email": .string(previous)],
                        condition: .equals("client_id", .string(client.clientId))
                    )
                )
            }
        }
        try await store.transact(items, before: deadline) { failed in
            switch failed {
            case 0:
                return try await store.conflict(
                    table: Tables.clients,
                    key: ["client_id": .string(client.clientId)],
                    expectedVersion: change.expectedVersion,
                    what: "client \(client.clientId)"
                )
            case 1: return .internal("audit log id \(change.audit.logId) is taken")
            case 2: return .conflict("a client with email \(client.email) already exists")
            default: return .conflict("client \(client.clientId) was changed concurrently")
            }
        }
        return ChangeAcknowledgement(key: client.clientId, version: client.version)
    }

    func commit(_ change: FileChange, before deadline: Date) async throws -> ChangeAcknowledgement {
        let table = services.tableName(Tables.files)
        let key: Item = ["file_id": .string(change.fileId)]
        let condition: Condition =
            change.expectedStatus.map { .equals("status", .string($0.rawValue)) } ?? .attributeNotExists("file_id")
        let write: TransactWriteItem =
            if let file = change.file {
                .put(table: table, item: try Item(encoding: file), condition: condition)
            } else {
                .delete(table: table, key: key, condition: condition)
            }
        try await store.transact([write, try audit(change.audit)], before: deadline) { failed in
            guard failed == 0 else { return .internal("audit log id \(change.audit.logId) is taken") }
            guard let status = change.expectedStatus else { return .conflict("file \(change.fileId) already exists") }
            return .conflict("file \(change.fileId) is no longer \(status.rawValue)")
        }
        return ChangeAcknowledgement(key: change.fileId, version: nil)
    }

    func audit(_ log: AuditLog) throws -> TransactWriteItem {
        .put(
            table: services.tableName(Tables.auditLogs),
            item: try Item(encoding: log),
            condition: .attributeNotExists("log_id")
        )
    }
}
