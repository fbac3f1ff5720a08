import AWSEvents
import Foundation
import HandlerRuntime
import LocalAWS
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// The whole system in memory with a fixed clock: handler tests touch no disk.
struct TestSystem {
    let system: LocalSystem
    static let now = Timestamp.parse("2026-11-22T10:00:00Z")!

    init(logLevel: LogLevel = .info) async throws {
        // Timeouts are wall-clock; the test process runs hundreds of invocations at once.
        system = LocalSystem.memory(
            configuration: Configuration(logLevel: logLevel, timeoutScale: 20),
            clock: .constant(TestSystem.now)
        )
        try await system.initialize()
        _ = try await SampleData.seed(system)
    }

    func invoke<T: Decodable>(_ function: FunctionName, _ payload: some Encodable, as type: T.Type) async throws -> T {
        try await system.lambda.invoke(function, payload, as: type, parent: nil)
    }

    /// An API request through ApiGateway, as the REST API would send it (a query in `path`
    /// becomes `queryStringParameters`, its values taken as they are).
    func api(
        _ method: String,
        _ path: String,
        body: String? = nil,
        claims: [String: String]? = ["sub": "t-admin", "role": "admin"],
        headers: [String: String] = [:]
    ) async throws -> (status: Int, body: JSONValue) {
        var context: [String: JSONValue] = ["requestId": "test-request", "stage": "test"]
        if let claims { context["authorizer"] = ["claims": .object(claims.mapValues(JSONValue.string))] }
        let parts = path.split(separator: "?", maxSplits: 1).map(String.init)
        var query: [String: JSONValue] = [:]
        for pair in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
            let nameAndValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
            query[nameAndValue[0]] = .string(nameAndValue.count > 1 ? nameAndValue[1] : "")
        }
        let event: JSONValue = [
            "resource": "/{proxy+}", "path": .string(parts[0]), "httpMethod": .string(method),
            "queryStringParameters": query.isEmpty ? .null : .object(query),
            "headers": .object(
                headers.merging(["Content-Type": "application/json"]) { a, _ in a }.mapValues(JSONValue.string)
            ),
            "requestContext": .object(context), "body": body.map(JSONValue.string) ?? .null, "isBase64Encoded": false,
        ]
        let response = try await invoke(.apiGateway, event, as: APIGatewayResponse.self)
        let parsed =
            try response.body.flatMap { $0.isEmpty ? nil : try JSON.decode(JSONValue.self, from: Data($0.utf8)) }
            ?? .null
        return (response.statusCode, parsed)
    }
}

extension TestSystem {
    static let admin = Caller(subject: "t-admin", role: .admin)

    /// The ids of the contracts that are ACTIVE now.
    func activeContractIds() async throws -> [String] {
        try await system.allItems(of: Tables.contracts).map { try $0.decode(Contract.self) }
            .filter { $0.status == .active }.map(\.contractId)
    }

    /// A ContractProcessor action as an admin.
    func act(_ action: ContractAction, _ id: String, _ fields: [String: JSONValue] = [:]) async throws -> Contract {
        try await invoke(
            .contractProcessor,
            ContractRequest(action: action, caller: Self.admin, contractId: id, fields: fields),
            as: Contract.self
        )
    }

    func contract(_ id: String) async throws -> Contract? {
        try await invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.getContract(contractId: id),
                for: TestSystem.admin
            ),
            as: DatabaseClient.Record<Contract>.self
        ).record
    }

    func auditActions(_ id: String) async throws -> [String] {
        try await invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.listAuditLogs(
                    contractId: id,
                    page: PageRequest()
                ),
                for: TestSystem.admin
            ),
            as: Page<AuditLog>.self
        )
        .items.map(\.action)
    }

    /// The rule's scheduled event at `time`, sent to ContractProcessor as EventBridge sends it.
    func runRule(_ rule: ScheduleRule, at time: String) async throws -> JSONValue {
        let event = rule.event(
            at: Timestamp.parse(time)!,
            configuration: system.configuration,
            region: system.configuration.region,
            account: LocalSystem.account
        )
        return try await invoke(.contractProcessor, event, as: JSONValue.self)
    }

    /// The contract ids a scheduled run reports as changed.
    func changed(_ result: JSONValue) -> [String] {
        guard case .array(let entries)? = result["changed"] else { return [] }
        return entries.compactMap { $0["contract_id"]?.stringValue }
    }

    /// Runs what the test queued, as the harness does after a command.
    @discardableResult
    func drain() async throws -> DrainReport {
        try await system.drain()
    }

    /// The subjects in the outbox, oldest first.
    func subjects() async throws -> [String] {
        try await system.outbox.list().map(\.subject)
    }
}
