import Foundation
import LocalHarness
import Shared
import Testing

/// The whole system in memory with a fixed clock: handler tests touch no disk.
struct TestSystem {
    let system: LocalSystem
    static let now = Timestamp.parse("2026-11-22T10:00:00Z")!

    init() async throws {
        system = LocalSystem.memory(clock: .constant(TestSystem.now))
        try await system.initialize()
        _ = try await SampleData.seed(system)
    }

    func invoke<T: Decodable>(_ function: FunctionName, _ payload: some Encodable, as type: T.Type) async throws -> T {
        try await system.router.invoke(function, payload, as: type, parent: nil)
    }

    /// An API request through ApiGateway, as the REST API would send it.
    func api(_ method: String, _ path: String, body: String? = nil, claims: [String: String]? = ["sub": "t-admin", "role": "admin"],
             headers: [String: String] = [:]) async throws -> (status: Int, body: JSONValue) {
        var context: [String: JSONValue] = ["requestId": "test-request", "stage": "test"]
        if let claims { context["authorizer"] = ["claims": .object(claims.mapValues(JSONValue.string))] }
        let event: JSONValue = [
            "resource": "/{proxy+}", "path": .string(path), "httpMethod": .string(method),
            "headers": .object(headers.merging(["Content-Type": "application/json"]) { a, _ in a }.mapValues(JSONValue.string)),
            "requestContext": .object(context), "body": body.map(JSONValue.string) ?? .null, "isBase64Encoded": false,
        ]
        let response = try await invoke(.apiGateway, event, as: APIGatewayResponse.self)
        let parsed = try response.body.flatMap { $0.isEmpty ? nil : try JSON.decode(JSONValue.self, from: Data($0.utf8)) } ?? .null
        return (response.statusCode, parsed)
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
