import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// One request's work on contracts and clients: read, validate, and commit each change with its
/// audit entry as one transaction. What follows a change (backups, archives, notices) is driven
/// by the contracts table's stream (`ClosingStep`, carried out by FileHandler and
/// NotificationService), not by the request.
struct ContractWork: Sendable {
    let services: Services
    let context: LambdaContext
    let caller: Caller
    let requestID: String
    /// The `Idempotency-Key` of the request: its answer is committed with the change.
    var idempotency: Idempotency.Claim?

    var database: DatabaseClient { DatabaseClient(functions: services.functions, context: context, caller: caller) }

    func createContract(_ fields: Fields) async throws -> Contract {
        let clientId = try fields.requiredString("client_id")
        try Validate.clientId(clientId)
        for name in ["contract_type", "start_date", "end_date"] { _ = try fields.requiredString(name) }
        guard try fields.decimal("value") != nil else { throw DomainError.invalid("value is required") }
        try await requireActiveClient(clientId)

        let now = services.now
        var contract = Contract(
            contractId: "",
            clientId: clientId,
            contractType: "",
            status: .active,
            startDate: "",
            endDate: "",
            value: 0,
            createdAt: now,
            updatedAt: now
        )
        try ContractRules.apply(fields, to: &contract)
        let given = try fields.string("contract_id")
        if let given { try Validate.contractId(given) }
        let created = try await insertWithNewId(
            contract,
            given: given,
            prefix: "CT",
            what: "contract",
            id: \.contractId
        ) { contract in
            try await database.commit(
                ContractChange(
                    contractId: contract.contractId,
                    contract: contract,
                    expectedVersion: nil,
                    audit: try auditLog(
                        "CREATE_CONTRACT",
                        contract: contract.contractId,
                        before: Contract?.none,
                        after: contract
                    )
                )
            )
        }
        context.logger.metric(.contractsCreated)
        return created
    }

    /// A new contract's client must exist (422) and be active (409).
    private func requireActiveClient(_ clientId: String) async throws {
        guard let client = try await database.client(clientId) else {
            throw DomainError.invalid("client \(clientId) does not exist")
        }
        guard client.status == .active else {
            throw DomainError.conflict("client \(clientId) is INACTIVE and cannot take new contracts")
        }
    }

    /// A given id must be free; a drawn one can collide with an existing one, which the
    /// conditional create detects, and a new id is drawn.
    private func insertWithNewId<Record>(
        _ draft: Record,
        given: String?,
        prefix: String,
        what: String,
        id: WritableKeyPath<Record, String>,
        create: (Record) async throws -> Void
    ) async throws -> Record {
        var record = draft
        if let given {
            record[keyPath: id] = given
            try await create(record)
            return record
        }
        for _ in 0..<5 {
            record[keyPath: id] = services.ids.next(prefix, 6)
            do {
                try await create(record)
                return record
            } catch DomainError.conflict(let message)
                where message.hasSuffix("already exists") && message.hasPrefix(what)
            {
                continue
            }
        }
        throw DomainError.internal("could not draw an unused \(what) id")
    }

    func updateContract(_ id: String, _ fields: Fields) async throws -> Contract {
        let before = try await existingContract(id)
        try checkVersion(fields, before.version)
        guard before.status == .active || before.status == .suspended else {
            throw DomainError.conflict("contract \(id) is \(before.status.rawValue) and can no longer be changed")
        }
        return try await commit(before, "UPDATE_CONTRACT") { try ContractRules.apply(fields, to: &$0) }
    }

    func deleteContract(_ id: String) async throws -> Contract {
        let before = try await existingContract(id)
        try await database.commit(
            ContractChange(
                contractId: id,
                contract: nil,
                expectedVersion: before.version,
                audit: try auditLog("DELETE_CONTRACT", contract: id, before: before, after: Contract?.none)
            )
        )
        return before
    }

    /// Suspend (ACTIVE -> SUSPENDED) or reactivate (SUSPENDED -> ACTIVE), conditional on the version
    /// read; reactivating an ACTIVE contract with a pending termination cancels the termination.
    /// A suspension keeps a pending termination, which still takes effect on its date.
    func changeStatus(_ id: String, to status: ContractStatus, _ fields: Fields) async throws -> Contract {
        let before = try await existingContract(id)
        try checkVersion(fields, before.version)
        let reason = try fields.string("reason")
        if let reason { try Validate.text(reason, field: "reason", maximum: 500) }
        if status == .active, before.status == .active, before.hasPendingTermination {
            return try await cancelTermination(before, reason: reason)
        }
        guard before.status.canTransition(to: status) else {
            throw DomainError.conflict(
                "contract \(id) is \(before.status.rawValue); it cannot become \(status.rawValue)"
            )
        }
        let action = status == .suspended ? "SUSPEND_CONTRACT" : "REACTIVATE_CONTRACT"
        let after = try await commit(before, action, details: reason.map { ["reason": $0] }) {
            $0.status = status
            $0.statusReason = reason
        }
        if status == .suspended { context.logger.metric(.contractsSuspended) }
        return after
    }

    func createClient(_ fields: Fields) async throws -> Client {
        for name in ["name", "email"] { _ = try fields.requiredString(name) }
        let now = services.now
        var client = Client(clientId: "", name: "", email: "", createdAt: now, updatedAt: now)
        try ClientRules.apply(fields, to: &client)
        let given = try fields.string("client_id")
        if let given { try Validate.clientId(given) }
        return try await insertWithNewId(client, given: given, prefix: "CL", what: "client", id: \.clientId) { client in
            let audit = try auditLog(
                "CREATE_CLIENT",
                entityType: "client",
                entityId: client.clientId,
                contract: nil,
                before: Client?.none,
                after: client
            )
            try await database.commit(ClientChange(client: client, expectedVersion: nil, audit: audit))
        }
    }

    func updateClient(_ id: String, _ fields: Fields) async throws -> Client {
        guard let before = try await database.client(id) else {
            throw DomainError.notFound("client \(id) does not exist")
        }
        try checkVersion(fields, before.version)
        var after = before
        try ClientRules.apply(fields, to: &after)
        after.version += 1
        after.updatedAt = services.now
        let audit = try auditLog(
            "UPDATE_CLIENT",
            entityType: "client",
            entityId: id,
            contract: nil,
            before: before,
            after: after
        )
        try await database.commit(
            ClientChange(client: after, expectedVersion: before.version, previousEmail: before.email, audit: audit)
        )
        return after
    }

    // MARK: - Shared steps

    /// Writes the changed contract as a new version with its audit entry (and the request's
    /// idempotency record), only if nobody changed it since `before` was read (409 otherwise).
    func commit(
        _ before: Contract,
        _ action: String,
        details: [String: String]? = nil,
        _ change: (inout Contract) throws -> Void
    ) async throws -> Contract {
        var after = before
        try change(&after)
        after.version += 1
        after.updatedAt = services.now
        let audit = try auditLog(action, contract: before.contractId, before: before, after: after, details: details)
        try await database.commit(
            ContractChange(
                contractId: before.contractId,
                contract: after,
                expectedVersion: before.version,
                audit: audit,
                idempotency: try idempotency?.record(answering: after)
            )
        )
        return after
    }

    /// The contract, if it exists and the caller may act on it (another client's is absent).
    func existingContract(_ id: String) async throws -> Contract {
        try caller.visible(try await database.contract(id), clientId: \.clientId, record: "contract \(id)")
    }

    /// A caller that sends `expected_version` asks for the change only if nobody changed the record since.
    private func checkVersion(_ fields: Fields, _ current: Int) throws {
        if let expected = try fields.integer("expected_version"), expected != current {
            throw DomainError.conflict(
                "the record was changed concurrently: expected version \(expected), found \(current)"
            )
        }
    }

    func auditLog<T: Encodable>(
        _ action: String,
        entityType: String = "contract",
        entityId: String? = nil,
        contract: String?,
        before: T?,
        after: T?,
        details: [String: String]? = nil
    ) throws -> AuditLog {
        AuditLog(
            logId: services.ids.next("AL", 12),
            contractId: contract,
            entityType: entityType,
            entityId: entityId ?? contract ?? "-",
            action: action,
            actor: caller.subject,
            actorRole: caller.role.rawValue,
            timestamp: services.now,
            requestId: requestID,
            before: try before.map { try JSONValue(encoding: $0) },
            after: try after.map { try JSONValue(encoding: $0) },
            details: details
        )
    }
}
