import ApiGateway
import ContractProcessor
import DatabaseManager
import FileHandler
import Foundation
import LocalAWS
import NotificationService
import Shared

/// The whole system wired together on the LocalAWS stand-ins: one router with the five
/// functions registered, each built once with the services it needs.
public struct LocalSystem: Sendable {
    public let configuration: Configuration
    public let clock: Clock
    public let state: StateDirectory?
    public let tables: any TableStore
    public let objects: any ObjectStore
    public let outbox: any MailOutbox
    public let logs: any LogStore
    public let router: Router
    public let services: Services
    /// Signs bearer tokens with this state's key (`POST /auth`, `token`, `api --as`).
    public let tokens: TokenSigner
    /// Makes and checks presigned links with this state's key.
    public let presigner: LocalURLPresigner
    let authorizer: LocalAuthorizer

    /// The system on a state directory (durable files), signing with `keys` (else the state's own).
    public static func open(state: StateDirectory, configuration: Configuration, clock: Clock, ids: IDGenerator = .random,
                            keys: LocalSigningKeys? = nil) -> LocalSystem {
        let now = clock.now
        return LocalSystem(configuration: configuration, clock: clock, ids: ids, state: state,
                           tables: FileTableStore(root: state.dynamodb),
                           objects: FileObjectStore(root: state.s3, clock: now),
                           outbox: FileMailOutbox(root: state.outbox, verifiedIdentities: [configuration.senderEmail], clock: now),
                           logs: FileLogStore(root: state.logs),
                           keys: keys ?? (try? state.signingKeys()) ?? .random())
    }

    /// The system in memory: nothing touches the disk (fast test suites).
    public static func memory(configuration: Configuration = Configuration(), clock: Clock = .live, ids: IDGenerator = .random) -> LocalSystem {
        LocalSystem(configuration: configuration, clock: clock, ids: ids, state: nil, tables: MemoryTableStore(),
                    objects: MemoryObjectStore(clock: clock.now),
                    outbox: MemoryMailOutbox(verifiedIdentities: [configuration.senderEmail], clock: clock.now),
                    logs: MemoryLogStore())
    }

    public init(configuration: Configuration, clock: Clock, ids: IDGenerator, state: StateDirectory?, tables: any TableStore,
         objects: any ObjectStore, outbox: any MailOutbox, logs: any LogStore, keys: LocalSigningKeys = .random()) {
        self.configuration = configuration
        self.clock = clock
        self.state = state
        self.tables = tables
        self.objects = objects
        self.outbox = outbox
        self.logs = logs
        let router = Router(configuration: configuration, clock: clock)
        tokens = TokenSigner(key: keys.tokenKey)
        presigner = LocalURLPresigner(secret: keys.linkKey)
        authorizer = LocalAuthorizer(tokens: tokens, clock: clock)
        let services = Services(configuration: configuration, tables: tables, objects: objects, mail: outbox,
                                functions: router, clock: clock, ids: ids, tokens: tokens, presigner: presigner)
        router.register(.databaseManager, DatabaseManagerHandler(services: services))
        router.register(.contractProcessor, ContractProcessorHandler(services: services))
        router.register(.fileHandler, FileHandlerHandler(services: services))
        router.register(.notificationService, NotificationServiceHandler(services: services))
        router.register(.apiGateway, ApiGatewayHandler(services: services))
        let writer = InvocationLogWriter(logs: logs, configuration: configuration, clock: clock)
        router.observe { await writer.record($0) }
        self.router = router
        self.services = services
    }

    /// Creates whatever tables and buckets are missing and uploads the email templates;
    /// existing data is kept.
    public func initialize() async throws {
        if let state, state.initializedEnvironments(format: StateDirectory.format).contains(configuration.environment.rawValue) { return }
        for table in Tables.all {
            try await tables.createTable(table.physical(configuration))
        }
        let buckets = Buckets(configuration)
        for bucket in buckets.all {
            try await objects.createBucket(bucket.name, versioned: bucket.versioned)
        }
        for (path, text) in BundledTemplates.files.sorted(by: { $0.key < $1.key }) {
            let type = path.hasSuffix(".html") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8"
            try await objects.putObject(bucket: buckets.templates, key: "templates/\(path)", data: Data((text + "\n").utf8),
                                        contentType: type, metadata: [:])
        }
        try state?.markInitialized(environment: configuration.environment.rawValue, at: clock.now())
    }

    /// Invokes a function synchronously with a JSON payload, as Lambda's Invoke API does; an
    /// API request passes the local authorizer first, as it passes API Gateway's on AWS.
    public func invoke(_ function: FunctionName, payload: Data) async throws -> Data {
        guard function == .apiGateway else { return try await router.invoke(function, payload: payload, parent: nil) }
        switch authorizer.authorize(payload) {
        case .forward(let authorized): return try await router.invoke(function, payload: authorized, parent: nil)
        case .answer(let response): return response
        }
    }

    /// A token for `caller`, as `POST /auth` would issue for such a user.
    public func token(for caller: Caller) -> String {
        tokens.issue(subject: caller.subject, role: caller.role.rawValue, clientId: caller.clientId, now: clock.now())
    }
}

extension TableDefinition {
    /// The same definition under its `{env}-testex-*` name.
    func physical(_ configuration: Configuration) -> TableDefinition {
        TableDefinition(name: configuration.resourceName(name), partitionKey: partitionKey, sortKey: sortKey, indexes: indexes)
    }
}
