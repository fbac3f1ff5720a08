import Foundation
import Shared

/// `/api/contracts...`: reads through DatabaseManager, changes through ContractProcessor.
enum ContractRoutes {
    static let all: [Route] = [
        Route("GET", "/api/contracts", list),
        Route("POST", "/api/contracts") { call in
            try Authorization.require(call.caller, [.admin, .system], to: "create contracts")
            return try .json(try await call.process(.createContract, fields: try call.request.jsonObject()), status: 201)
        },
        Route("GET", "/api/contracts/{id}") { call in
            try .json(try await call.visibleContract(try call.contractId()))
        },
        Route("PUT", "/api/contracts/{id}") { call in
            try Authorization.require(call.caller, [.admin, .system], to: "update contracts")
            var fields = try call.request.jsonObject()
            try ifMatch(call.request, into: &fields)
            return try .json(try await call.process(.updateContract, contractId: try call.contractId(), fields: fields))
        },
        Route("DELETE", "/api/contracts/{id}") { call in
            try Authorization.require(call.caller, [.admin], to: "delete contracts")
            return try .json(try await call.process(.deleteContract, contractId: try call.contractId(), fields: [:]))
        },
        Route("POST", "/api/contracts/{id}/terminate") { call in
            try Authorization.require(call.caller, [.admin, .client], to: "terminate contracts")
            let id = try call.contractId()
            _ = try await call.visibleContract(id)
            var fields = try call.request.jsonObject()
            try ifMatch(call.request, into: &fields)
            let request = ContractRequest(action: .terminateContract, caller: call.caller, contractId: id, fields: fields,
                                          requestId: call.request.requestID, idempotencyKey: call.request.header("Idempotency-Key"))
            return try .json(try await call.functions.invoke(.contractProcessor, request, as: JSONValue.self, parent: call.context))
        },
        Route("POST", "/api/contracts/{id}/suspend") { call in
            try await statusChange(call, .suspendContract)
        },
        Route("POST", "/api/contracts/{id}/reactivate") { call in
            try await statusChange(call, .reactivateContract)
        },
        Route("GET", "/api/contracts/{id}/audit") { call in
            try Authorization.require(call.caller, [.admin, .client], to: "read audit trails")
            let id = try call.contractId()
            _ = try await call.visibleContractOrDeleted(id)
            var page = try await call.database.auditLogs(contractId: id, page: try call.request.pageRequest())
            // A contract id can be reused after a delete; a client sees only entries about its own contract.
            if call.caller.role == .client { page.items = page.items.filter { call.caller.owns(auditEntry: $0) } }
            return try .json(page)
        },
    ]

    /// Admins and systems list any contracts; a client lists only its own, whatever it asks for.
    @Sendable static func list(_ call: RouteCall) async throws -> HTTPResponse {
        let query = call.request.query
        var status: ContractStatus?
        if let text = query["status"] {
            guard let parsed = ContractStatus(rawValue: text.uppercased()) else {
                throw DomainError.malformed("status must be one of \(ContractStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        var clientId = query["client_id"]
        if let clientId, !Validate.isId(clientId, prefix: "CL") {
            throw DomainError.malformed("client_id must be CL followed by 6 upper-case letters or digits")
        }
        if call.caller.role == .client {
            if let asked = clientId, asked != call.caller.clientId { return try .json(Page<Contract>(items: [], nextToken: nil)) }
            clientId = call.caller.clientId
        }
        return try .json(try await call.database.contracts(status: status, clientId: clientId, page: try call.request.pageRequest()))
    }

    static func statusChange(_ call: RouteCall, _ action: ContractAction) async throws -> HTTPResponse {
        try Authorization.require(call.caller, [.admin], to: "suspend or reactivate contracts")
        var fields = try call.request.jsonObject()
        try ifMatch(call.request, into: &fields)
        return try .json(try await call.process(action, contractId: try call.contractId(), fields: fields))
    }

    /// `If-Match: <version>` is the header form of `expected_version`.
    static func ifMatch(_ request: Request, into fields: inout [String: JSONValue]) throws {
        guard let header = request.header("If-Match") else { return }
        let trimmed = header.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))
        guard let version = Int(trimmed) else { throw DomainError.malformed("If-Match must be a contract version number") }
        fields["expected_version"] = .number(Decimal(version))
    }
}

extension Caller {
    /// Whether an audit entry is about a record of this caller's client (or the caller sees all).
    func owns(auditEntry entry: AuditLog) -> Bool {
        guard role == .client else { return true }
        let record = entry.after ?? entry.before
        guard case .object(let fields)? = record, case .string(let clientId)? = fields["client_id"] else { return false }
        return owns(clientId: clientId)
    }
}

extension RouteCall {
    /// Audit trails outlive deleted contracts for admins; clients need the contract to exist and be theirs.
    func visibleContractOrDeleted(_ id: String) async throws -> Contract? {
        if caller.role == .admin { return try await database.contract(id) }
        return try await visibleContract(id)
    }
}
