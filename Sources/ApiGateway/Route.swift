import Foundation
import Shared

/// A route of the API: a method and a path pattern whose `{name}` segments become parameters.
struct Route: Sendable {
    let method: String
    let segments: [String]
    let respond: @Sendable (RouteCall) async throws -> HTTPResponse

    init(_ method: String, _ pattern: String, _ respond: @escaping @Sendable (RouteCall) async throws -> HTTPResponse) {
        self.method = method
        self.segments = pattern.split(separator: "/").map(String.init)
        self.respond = respond
    }

    /// The path parameters when `path` matches the pattern.
    func match(_ path: [String]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (pattern, value) in zip(segments, path) {
            if pattern.hasPrefix("{") {
                parameters[String(pattern.dropFirst().dropLast())] = value
            } else if pattern != value {
                return nil
            }
        }
        return parameters
    }
}

/// One matched request: the request, its path parameters, the caller and the other functions.
struct RouteCall: Sendable {
    let request: Request
    let parameters: [String: String]
    let caller: Caller
    let functions: any FunctionInvoker
    let context: LambdaContext

    var database: DatabaseClient { DatabaseClient(functions: functions, context: context) }

    /// The `{id}` parameter, checked to be a contract id (400 when it is not one).
    func contractId() throws -> String {
        let id = parameters["id"] ?? ""
        guard Validate.isId(id, prefix: "CT") else { throw DomainError.malformed("'\(id.prefix(40))' is not a contract id (CT + 6 upper-case letters or digits)") }
        return id
    }

    func clientId() throws -> String {
        let id = parameters["id"] ?? ""
        guard Validate.isId(id, prefix: "CL") else { throw DomainError.malformed("'\(id.prefix(40))' is not a client id (CL + 6 upper-case letters or digits)") }
        return id
    }

    /// Sends a request to ContractProcessor on behalf of the caller.
    func process(_ action: ContractAction, contractId: String? = nil, clientId: String? = nil,
                 fields: [String: JSONValue]) async throws -> JSONValue {
        let request = ContractRequest(action: action, caller: caller, contractId: contractId, clientId: clientId,
                                      fields: fields, requestId: self.request.requestID)
        return try await functions.invoke(.contractProcessor, request, as: JSONValue.self, parent: context)
    }

    /// The contract, if the caller may see it (another client's contract is absent to a client).
    func visibleContract(_ id: String) async throws -> Contract {
        guard let contract = try await database.contract(id) else { throw DomainError.notFound("contract \(id) does not exist") }
        try Authorization.requireOwner(caller, clientId: contract.clientId, record: "contract \(id)")
        return contract
    }
}
