import Foundation
import Shared
import WireFormat

/// `/api/contracts...`: reads through DatabaseManager, changes through ContractProcessor.
enum ContractRoutes {
    static let all: [Route] = [
        RouteDeclaration("GET", "/api/contracts", "listContracts", "List contracts, by status or client")
            .parameters(.status, .clientFilter, .limit, .nextToken)
            .example(["status": "ACTIVE", "limit": "10"])
            .answers(Page<Contract>.self, list),
        RouteDeclaration("POST", "/api/contracts", "createContract", "Create a contract")
            .roles([.admin, .system], to: "create contracts")
            .body(RequestBodies.createContract).conflicting()
            .example(body: [
                "client_id": "CL001XYZ", "contract_type": "SERVICE", "start_date": "2027-01-01",
                "end_date": "2027-12-31", "value": 12000, "currency": "EUR", "description": "Support renewal",
            ])
            .answers(201, Contract.self) { call in
                try await call.process(.createContract, fields: try call.fields().values, as: Contract.self)
            },
        RouteDeclaration("GET", "/api/contracts/{id}", "getContract", "Read a contract")
            .parameters(.contractId)
            .example(["id": "CT001ABC"])
            .answers(Contract.self) { call in try await call.visibleContract(try call.contractId()) },
        RouteDeclaration("PUT", "/api/contracts/{id}", "updateContract", "Change a contract's terms")
            .roles([.admin, .system], to: "update contracts")
            .parameters(.contractId, .ifMatch).body(RequestBodies.updateContract).conflicting()
            .example(
                ["id": "CT001ABC"],
                body: ["description": "Managed hosting, support and backups", "expected_version": 1]
            )
            .answers(Contract.self) { call in
                let id = try call.contractId()
                return try await call.process(
                    .updateContract,
                    contractId: id,
                    fields: try versioned(call),
                    as: Contract.self
                )
            },
        RouteDeclaration("DELETE", "/api/contracts/{id}", "deleteContract", "Delete a contract (its audit trail stays)")
            .roles([.admin], to: "delete contracts")
            .parameters(.contractId).conflicting()
            .example(["id": "CT004JKL"])
            .answers(Contract.self) { call in
                try await call.process(.deleteContract, contractId: try call.contractId(), as: Contract.self)
            },
        RouteDeclaration("POST", "/api/contracts/{id}/terminate", "terminateContract", "Terminate a contract")
            .roles([.admin, .client], to: "terminate contracts")
            .parameters(.contractId, .idempotencyKey, .ifMatch).body(RequestBodies.terminateContract).conflicting()
            .example(
                ["id": "CT001ABC", "Idempotency-Key": "terminate-CT001ABC-1"],
                body: ["reason": "MUTUAL_AGREEMENT", "notes": "Agreed on the phone"]
            )
            .answers(Contract.self) { call in
                // ContractProcessor reads the contract once and answers 404 for another client's.
                let id = try call.contractId()
                return try await call.process(
                    .terminateContract,
                    contractId: id,
                    fields: try versioned(call),
                    idempotencyKey: call.request.header("Idempotency-Key"),
                    as: Contract.self
                )
            },
        RouteDeclaration("POST", "/api/contracts/{id}/suspend", "suspendContract", "Suspend an active contract")
            .roles([.admin], to: "suspend or reactivate contracts")
            .parameters(.contractId, .ifMatch).body(RequestBodies.statusChange).conflicting()
            .example(["id": "CT001ABC"], body: ["reason": "Payment overdue"])
            .answers(Contract.self) { call in try await statusChange(call, .suspendContract) },
        RouteDeclaration(
            "POST",
            "/api/contracts/{id}/reactivate",
            "reactivateContract",
            "Reactivate a suspended contract, or cancel a scheduled termination"
        )
        .roles([.admin], to: "suspend or reactivate contracts")
        .parameters(.contractId, .ifMatch).body(RequestBodies.statusChange).conflicting()
        .example(["id": "CT003GHI"], body: ["reason": "Payment received"])
        .answers(Contract.self) { call in try await statusChange(call, .reactivateContract) },
        RouteDeclaration("GET", "/api/contracts/{id}/audit", "listAuditEntries", "The contract's audit trail")
            .roles([.admin, .client], to: "read audit trails")
            .parameters(.contractId, .limit, .nextToken)
            .example(["id": "CT003GHI"])
            .answers(Page<AuditLog>.self, audit),
    ]

    /// Admins and systems list any contracts; a client lists only its own, whatever it asks for.
    @Sendable static func list(_ call: RouteCall) async throws -> Page<Contract> {
        let query = call.request.query
        var status: ContractStatus?
        if let text = query["status"] {
            guard let parsed = ContractStatus(rawValue: text.uppercased()) else {
                throw DomainError.malformed(
                    "status must be one of \(ContractStatus.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            status = parsed
        }
        var clientId = query["client_id"]
        if let clientId, !Validate.isId(clientId, prefix: "CL") {
            throw DomainError.malformed("client_id must be CL followed by 6 upper-case letters or digits")
        }
        if call.caller.role == .client {
            if let asked = clientId, asked != call.caller.clientId { return Page<Contract>(items: [], nextToken: nil) }
            clientId = call.caller.clientId
        }
        return try await call.database.contracts(
            status: status,
            clientId: clientId,
            page: try call.request.pageRequest()
        )
    }

    @Sendable static func audit(_ call: RouteCall) async throws -> Page<AuditLog> {
        let id = try call.contractId()
        _ = try await call.visibleContractOrDeleted(id)
        var page = try await call.database.auditLogs(contractId: id, page: try call.request.pageRequest())
        // A contract id can be reused after a delete; a client sees only entries about its own contract.
        if call.caller.role == .client { page.items = page.items.filter { call.caller.owns(auditEntry: $0) } }
        return page
    }

    static func statusChange(_ call: RouteCall, _ action: ContractAction) async throws -> Contract {
        let id = try call.contractId()
        return try await call.process(action, contractId: id, fields: try versioned(call), as: Contract.self)
    }

    /// The body's fields, with `If-Match: <version>` as the header form of `expected_version`.
    static func versioned(_ call: RouteCall) throws -> [String: JSONValue] {
        var fields = try call.fields().values
        guard let header = call.request.header("If-Match") else { return fields }
        let trimmed = header.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))
        guard let version = Int(trimmed) else {
            throw DomainError.malformed("If-Match must be a contract version number")
        }
        fields["expected_version"] = .number(Decimal(version))
        return fields
    }
}

extension RouteCall {
    /// Audit trails outlive deleted contracts for admins; clients need the contract to exist and be theirs.
    func visibleContractOrDeleted(_ id: String) async throws -> Contract? {
        if caller.role == .admin { return try await database.contract(id) }
        return try await visibleContract(id)
    }
}
