import ApiGateway
import ContractProcessor
import DatabaseManager
import FileHandler
import Foundation
import HandlerRuntime
import LocalAWS
import NotificationService
import Shared
import WireFormat

/// The whole system wired together on the LocalAWS stand-ins: one local Lambda with the five
/// functions registered, each built once with the services it needs.
public struct LocalSystem: Sendable {
    public let configuration: Configuration
    public let clock: Clock
    public let state: StateDirectory?
    public let tables: any TableStore
    public let objects: any ObjectStore
    public let outbox: any MailOutbox
    public let logs: any LogStore
    /// Lambda's queue of asynchronous invocations and its dead-letter queue.
    public let queue: any InvocationQueue
    /// The tables' streams (the table store's, when it has them) and the event source mappings' places in them.
    public var streams: (any TableStreams)? { tables as? any TableStreams }
    public let checkpoints: any StreamCheckpoints
    /// The campaign state machine's executions (Step Functions, locally).
    public let executions: any ExecutionStore
    /// Where tables, objects and mail live; set by `CommandContext.openSystem` for a remote backend.
    public internal(set) var backend: Backend
    public let lambda: LocalLambda
    public let services: Services
    /// Signs bearer tokens with this state's key (`POST /auth`, `token`, `api --as`).
    public let tokens: TokenSigner
    /// Makes and checks presigned links to the S3 stand-in with this state's key. The functions
    /// make theirs with `services.presigner`: this one, or S3's on a remote backend.
    public let presigner: LocalURLPresigner
    let authorizer: LocalAuthorizer
    let logWriter: InvocationLogWriter

    /// The account the stand-ins play (in ARNs and AWS-shaped events); the region is `configuration.region`.
    public static let account = "123456789012"

    /// The system on a state directory (durable files), signing with `keys` (else the state's own);
    /// presigned links name `linkEndpoint` (`serve` passes its own address).
    public static func open(
        state: StateDirectory,
        configuration: Configuration,
        clock: Clock,
        ids: IDGenerator = .random,
        keys: LocalSigningKeys? = nil,
        linkEndpoint: String = LocalURLPresigner.defaultEndpoint
    ) -> LocalSystem {
        let now = clock.now
        let feedback = SESFeedbackRelay(configuration: configuration, clock: clock)
        return LocalSystem(
            configuration: configuration,
            clock: clock,
            ids: ids,
            state: state,
            tables: FileTableStore(
                root: state.dynamodb,
                clock: now,
                identity: StandInIdentity(region: configuration.region)
            ),
            objects: FileObjectStore(root: state.s3, clock: now),
            outbox: FileMailOutbox(
                root: state.outbox,
                verifiedIdentities: [configuration.senderEmail],
                region: configuration.region,
                clock: now,
                feedback: feedback.sink
            ),
            logs: FileLogStore(root: state.logs),
            queue: FileInvocationQueue(root: state.queue),
            feedback: feedback,
            checkpoints: state.streamCheckpoints,
            executions: FileExecutionStore(
                root: state.executions,
                names: CampaignStateMachine.names(configuration, account: Self.account),
                clock: now
            ),
            keys: keys ?? (try? state.signingKeys()) ?? .random(),
            linkEndpoint: linkEndpoint
        )
    }

    /// The system in memory: nothing touches the disk (fast test suites).
    public static func memory(
        configuration: Configuration = Configuration(),
        clock: Clock = .live,
        ids: IDGenerator = .random,
        linkEndpoint: String = LocalURLPresigner.defaultEndpoint
    ) -> LocalSystem {
        let feedback = SESFeedbackRelay(configuration: configuration, clock: clock)
        return LocalSystem(
            configuration: configuration,
            clock: clock,
            ids: ids,
            state: nil,
            tables: MemoryTableStore(clock: clock.now, identity: StandInIdentity(region: configuration.region)),
            objects: MemoryObjectStore(clock: clock.now),
            outbox: MemoryMailOutbox(
                verifiedIdentities: [configuration.senderEmail],
                region: configuration.region,
                clock: clock.now,
                feedback: feedback.sink
            ),
            logs: MemoryLogStore(),
            queue: MemoryInvocationQueue(),
            feedback: feedback,
            linkEndpoint: linkEndpoint
        )
    }

    /// The system on the given stand-ins; asynchronous invocations wait in `queue` (in memory unless given).
    /// The functions' links come from `linkPresigner` when given (S3's, for remote objects).
    public init(
        configuration: Configuration,
        clock: Clock,
        ids: IDGenerator,
        state: StateDirectory?,
        tables: any TableStore,
        objects: any ObjectStore,
        outbox: any MailOutbox,
        logs: any LogStore,
        queue: any InvocationQueue = MemoryInvocationQueue(),
        checkpoints: (any StreamCheckpoints)? = nil,
        backend: Backend = .local,
        keys: LocalSigningKeys = .random(),
        linkPresigner: (any ObjectURLPresigner)? = nil
    ) {
        self.init(
            configuration: configuration,
            clock: clock,
            ids: ids,
            state: state,
            tables: tables,
            objects: objects,
            outbox: outbox,
            logs: logs,
            queue: queue,
            feedback: nil,
            checkpoints: checkpoints,
            backend: backend,
            keys: keys,
            linkPresigner: linkPresigner
        )
    }

    init(
        configuration: Configuration,
        clock: Clock,
        ids: IDGenerator,
        state: StateDirectory?,
        tables: any TableStore,
        objects: any ObjectStore,
        outbox: any MailOutbox,
        logs: any LogStore,
        queue: any InvocationQueue,
        feedback: SESFeedbackRelay?,
        checkpoints: (any StreamCheckpoints)? = nil,
        executions: (any ExecutionStore)? = nil,
        backend: Backend = .local,
        keys: LocalSigningKeys = .random(),
        linkEndpoint: String = LocalURLPresigner.defaultEndpoint,
        linkPresigner: (any ObjectURLPresigner)? = nil
    ) {
        self.backend = backend
        self.configuration = configuration
        self.clock = clock
        self.state = state
        self.tables = tables
        self.objects = objects
        self.outbox = outbox
        self.logs = logs
        self.queue = queue
        self.checkpoints = checkpoints ?? state?.streamCheckpoints ?? MemoryStreamCheckpoints()
        let executions = executions ?? Self.memoryExecutions(configuration, clock: clock)
        self.executions = executions
        lambda = LocalLambda(configuration: configuration, clock: clock, queue: queue)
        logWriter = Self.logWriter(on: lambda, logs: logs, configuration: configuration, clock: clock)
        tokens = TokenSigner(key: keys.tokenKey)
        presigner = LocalURLPresigner(secret: keys.linkKey, endpoint: linkEndpoint)
        authorizer = Self.authorizer(tokens, clock: clock, configuration: configuration, lambda: lambda)
        services = Services(
            configuration: configuration,
            tables: tables,
            objects: objects,
            mail: outbox,
            functions: lambda,
            clock: clock,
            ids: ids,
            tokens: tokens,
            presigner: linkPresigner ?? presigner,
            webhooks: LoopbackWebhookTransport(),
            executions: executions
        )
        Self.registerFunctions(on: lambda, services, feedback: feedback)
    }

    /// The campaign executions in memory, when the state keeps none.
    private static func memoryExecutions(_ configuration: Configuration, clock: Clock) -> MemoryExecutionStore {
        MemoryExecutionStore(names: CampaignStateMachine.names(configuration, account: Self.account), clock: clock.now)
    }

    /// The five functions, each built once on the services they share, and SES's feedback relayed to them.
    private static func registerFunctions(on lambda: LocalLambda, _ services: Services, feedback: SESFeedbackRelay?) {
        lambda.register(.databaseManager, DatabaseManagerHandler(services: services))
        lambda.register(.contractProcessor, ContractProcessorHandler(services: services))
        lambda.register(.fileHandler, FileHandlerHandler(services: services))
        lambda.register(.notificationService, NotificationServiceHandler(services: services))
        lambda.register(.apiGateway, ApiGatewayHandler(services: services))
        feedback?.connect(lambda)
    }

    /// The authorizer in front of ApiGateway, reading each token's user through DatabaseManager as the user pool does.
    private static func authorizer(
        _ tokens: TokenSigner,
        clock: Clock,
        configuration: Configuration,
        lambda: LocalLambda
    ) -> LocalAuthorizer {
        LocalAuthorizer(tokens: tokens, clock: clock, origin: configuration.allowedOrigin) { username in
            try await lambda.invoke(
                .databaseManager,
                DatabaseCall(.getUser(username: username), for: .userPool),
                as: DatabaseClient.Record<User>.self,
                parent: nil
            ).record
        }
    }

    /// Writes every invocation's log lines (START, the function's, END, REPORT) to the log store.
    private static func logWriter(
        on lambda: LocalLambda,
        logs: any LogStore,
        configuration: Configuration,
        clock: Clock
    ) -> InvocationLogWriter {
        let writer = InvocationLogWriter(logs: logs, configuration: configuration, clock: clock)
        lambda.observe { await writer.record($0) }
        return writer
    }

    /// Creates whatever tables and buckets are missing and installs the bundled email templates
    /// as version 1 of those that have no current version; existing data is kept. Runs once per
    /// environment and backend, unless `force`d (`doctor --repair`).
    public func initialize(force: Bool = false) async throws {
        let key = backend.initializationKey(configuration.environment)
        if !force, let state, state.initializedEnvironments(format: StateDirectory.format).contains(key) { return }
        if case .aws(let remote) = backend, let check = remote.checkProvisioned {
            try await check(self)
        } else {
            try await createResources()
        }
        try await TemplateStore(objects: objects, bucket: Buckets(configuration).templates)
            .installDefaults(BundledTemplates.files, at: Timestamp.string(clock.now()))
        // A state of an earlier layout has clients without the guards of their emails.
        try await ClientEmailCheck.addMissing(self)
        if case .aws(let remote) = backend { try await remote.afterInitialize(configuration) }
        try state?.markInitialized(environment: key, at: clock.now())
    }

    private func createResources() async throws {
        for table in Tables.all {
            try await tables.createTable(table.physical(in: configuration))
        }
        for bucket in Buckets(configuration).all {
            do {
                try await objects.createBucket(bucket.name, versioned: bucket.versioned)
            } catch ObjectStoreError.invalidRequest where bucket.name == Buckets(configuration).templates {
                // A state made before templates were managed keeps its unversioned templates bucket:
                // sends read it, and a save that would overwrite a version is refused (409).
                continue
            }
        }
    }

    /// Invokes a function synchronously with a JSON payload, as Lambda's Invoke API does.
    /// An API request passes the local authorizer first, as it passes API Gateway's on AWS.
    public func invoke(_ function: FunctionName, payload: Data) async throws -> Data {
        guard function == .apiGateway else { return try await lambda.invoke(function, payload: payload, parent: nil) }
        switch await authorizer.authorize(payload) {
        case .forward(let authorized): return try await lambda.invoke(function, payload: authorized, parent: nil)
        case .answer(let response): return response
        }
    }

    /// Every item of a table (by its physical name), page by page.
    public func allItems(_ table: String) async throws -> [Item] {
        try await Paginator(
            fetch: { try await tables.scan(ScanRequest(table: table, limit: 1000, exclusiveStartKey: $0)) },
            next: \.lastEvaluatedKey
        ).items(\.items)
    }

    /// Every item of one of the system's tables in this environment.
    public func allItems(of table: TableDefinition) async throws -> [Item] {
        try await allItems(services.tableName(table))
    }

    /// A token for `caller`, as `POST /auth` would issue for such a user.
    public func token(for caller: Caller) -> String {
        tokens.issue(subject: caller.subject, role: caller.role.rawValue, clientId: caller.clientId, now: clock.now())
    }

    /// Runs what follows a command, as Lambda would once the command's invocation answered: the
    /// queued asynchronous invocations that are due (with Lambda's retries and dead-letter
    /// queue), and the table stream records the event source mappings have not delivered yet;
    /// again while either produced more work. What a mapping's batches queued runs before the
    /// next mapping polls: an email's delivery notification, which SES sends while the stream's
    /// poller waits, then reaches the notifications' stream with the email's log, in one batch.
    public func drain() async throws -> DrainReport {
        let queued = AsyncInvocationDrain(lambda: lambda, queue: queue, clock: clock)
        guard let streamDrain else { return try await queued.run() }
        var report = try await queued.run(listingWaiting: false)
        try await drainStreams(streamDrain, queued, into: &report)
        report.waiting = try await queue.pending()
        report.webhooks = try await dispatchDueWebhooks()
        return report
    }

    /// The stream mappings' batches, each mapping's followed by the queued work it made, again
    /// while any delivered something; then the campaign executions that can go on.
    private func drainStreams(
        _ streamDrain: StreamDrain,
        _ queued: AsyncInvocationDrain,
        into report: inout DrainReport
    ) async throws {
        for _ in 0..<16 {
            var worked = false
            for mapping in streamDrain.mappings {
                let batches = try await streamDrain.run([mapping]).batches
                guard !batches.isEmpty else { continue }
                report.streamBatches += batches
                let more = try await queued.run(listingWaiting: false)
                report.outcomes += more.outcomes
                report.recovered += more.recovered
                worked = true
            }
            if !worked { break }
        }
        if try await !CampaignExecutions(system: self).runDue().isEmpty {
            report.streamBatches += try await streamDrain.run().batches
            report.outcomes += try await queued.run(listingWaiting: false).outcomes
        }
    }

    /// Fires the `webhook-retries` rule, as EventBridge would every minute, when a webhook
    /// delivery is due (looked up first, so a command with none to send invokes nothing); nil
    /// when no attempt was made (what is due waits behind a delivery still in its back-off).
    func dispatchDueWebhooks() async throws -> WebhookRunReport? {
        let due = try await tables.query(
            QueryRequest(
                table: services.tableName(Tables.webhookDeliveries),
                index: "due-index",
                partitionKey: .string(WebhookDelivery.waitingPartition),
                sortKey: .lessThanOrEqual(.string(services.now)),
                limit: 1
            )
        )
        guard !due.items.isEmpty else { return nil }
        let event = Schedules.webhookRetries.event(
            at: clock.now(),
            configuration: configuration,
            region: configuration.region,
            account: Self.account
        )
        let report = try await lambda.invoke(.notificationService, event, as: WebhookRunReport.self, parent: nil)
        return report.attempts.isEmpty ? nil : report
    }

    /// The poller of the tables' streams, where the table store has streams.
    public var streamDrain: StreamDrain? {
        streams.map {
            StreamDrain(
                lambda: lambda,
                streams: $0,
                checkpoints: checkpoints,
                deadLetters: queue,
                clock: clock,
                identity: (configuration.region, Self.account)
            )
        }
    }
}
