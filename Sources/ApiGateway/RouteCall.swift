import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// One matched request: the request, its path parameters, the caller and the other functions.
struct RouteCall: Sendable {
    let request: Request
    let parameters: [String: String]
    let caller: Caller
    let services: Services
    let context: LambdaContext
    /// The body the route declares.
    let body: RouteBody?

    var functions: any FunctionInvoker { services.functions }
    var database: DatabaseClient { DatabaseClient(functions: functions, context: context, caller: caller) }

    /// The JSON body checked against the route's field rules (an absent body has no fields).
    func fields(maximumBytes: Int = Request.maximumJSONBytes) throws -> Fields {
        try Fields(try request.jsonObject(maximumBytes: maximumBytes), rules: body?.rules ?? [])
    }

    /// The `{id}` parameter, checked to be a contract id (400 when it is not one).
    func contractId() throws -> String {
        let id = parameters["id"] ?? ""
        guard Validate.isId(id, prefix: "CT") else {
            throw DomainError.malformed("'\(id.prefix(40))' is not a contract id (CT + 6 upper-case letters or digits)")
        }
        return id
    }

    func clientId() throws -> String {
        let id = parameters["id"] ?? ""
        guard Validate.isId(id, prefix: "CL") else {
            throw DomainError.malformed("'\(id.prefix(40))' is not a client id (CL + 6 upper-case letters or digits)")
        }
        return id
    }

    /// Sends a request to ContractProcessor on behalf of the caller.
    func process<T: Decodable>(
        _ action: ContractAction,
        contractId: String? = nil,
        clientId: String? = nil,
        fields: [String: JSONValue] = [:],
        idempotencyKey: String? = nil,
        as type: T.Type
    ) async throws -> T {
        let request = ContractRequest(
            action: action,
            caller: caller,
            contractId: contractId,
            clientId: clientId,
            fields: fields,
            requestId: self.request.requestID,
            idempotencyKey: idempotencyKey
        )
        return try await functions.invoke(.contractProcessor, request, as: type, parent: context)
    }

    /// The contract, if the caller may see it (another client's contract is absent to a client).
    func visibleContract(_ id: String) async throws -> Contract {
        guard let contract = try await database.contract(id) else {
            throw DomainError.notFound("contract \(id) does not exist")
        }
        try caller.requireOwner(of: contract.clientId, record: "contract \(id)")
        return contract
    }
}

/// A request to a route anyone may call: no caller.
struct PublicCall: Sendable {
    let request: Request
    let services: Services
    let context: LambdaContext
    let body: RouteBody?

    func fields(maximumBytes: Int) throws -> Fields {
        try Fields(try request.jsonObject(maximumBytes: maximumBytes), rules: body?.rules ?? [])
    }
}
