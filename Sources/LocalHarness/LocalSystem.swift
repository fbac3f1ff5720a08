import ApiGateway
import ContractProcessor
import DatabaseManager
import Foundation
import LocalAWS
import Shared

/// The whole system wired together on the LocalAWS stand-ins: one router with the five
/// functions registered, each built once with the services it needs.
public struct LocalSystem: Sendable {
    public let configuration: Configuration
    public let clock: Clock
    public let state: StateDirectory?
    public let tables: any TableStore
    public let router: Router
    public let services: Services

    /// The system on a state directory (durable files).
    public static func open(state: StateDirectory, configuration: Configuration, clock: Clock, ids: IDGenerator = .random) -> LocalSystem {
        LocalSystem(configuration: configuration, clock: clock, ids: ids, state: state,
                    tables: FileTableStore(root: state.dynamodb))
    }

    /// The system in memory: nothing touches the disk (fast test suites).
    public static func memory(configuration: Configuration = Configuration(), clock: Clock = .live, ids: IDGenerator = .random) -> LocalSystem {
        LocalSystem(configuration: configuration, clock: clock, ids: ids, state: nil, tables: MemoryTableStore())
    }

    init(configuration: Configuration, clock: Clock, ids: IDGenerator, state: StateDirectory?, tables: any TableStore) {
        self.configuration = configuration
        self.clock = clock
        self.state = state
        self.tables = tables
        let router = Router(configuration: configuration, clock: clock)
        let services = Services(configuration: configuration, tables: tables, functions: router, clock: clock, ids: ids)
        router.register(.databaseManager, DatabaseManagerHandler(services: services))
        router.register(.contractProcessor, ContractProcessorHandler(services: services))
        router.register(.apiGateway, ApiGatewayHandler(services: services))
        self.router = router
        self.services = services
    }

    /// Creates whatever tables are missing; existing data is kept.
    public func initialize() async throws {
        for table in Tables.all {
            try await tables.createTable(table.physical(configuration))
        }
        if let state, !state.isInitialized {
            let marker: [String: String] = ["created_at": Timestamp.string(clock.now()), "format": "1"]
            try DurableFile.write(try JSON.encodePretty(marker), to: state.marker)
        }
    }

    /// Invokes a function synchronously with a JSON payload, as Lambda's Invoke API does.
    public func invoke(_ function: FunctionName, payload: Data) async throws -> Data {
        try await router.invoke(function, payload: payload, parent: nil)
    }
}

extension TableDefinition {
    /// The same definition under its `{env}-testex-*` name.
    func physical(_ configuration: Configuration) -> TableDefinition {
        TableDefinition(name: configuration.resourceName(name), partitionKey: partitionKey, sortKey: sortKey, indexes: indexes)
    }
}
