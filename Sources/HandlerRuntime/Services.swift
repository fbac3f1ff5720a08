/// What a handler may use, built once by whoever wires the system and passed to each handler's
/// `init`: storage through the service protocols, other functions through the invoker, and the
/// clock and id effects.
import Shared
import WireFormat

public struct Services: Sendable {
    public var configuration: Configuration
    public var tables: any TableStore
    public var objects: any ObjectStore
    public var mail: any MailSender
    public var functions: any FunctionInvoker
    public var clock: Clock
    public var ids: IDGenerator
    /// Signs the tokens `POST /auth` issues (the local stand-in for Cognito); nil where Cognito signs them.
    public var tokens: TokenSigner?
    /// Makes time-limited links to objects; nil where no links may be made.
    public var presigner: (any ObjectURLPresigner)?
    /// Sends signed webhook requests (locally: to the loopback interface only).
    public var webhooks: any WebhookTransport
    /// Starts executions of the campaign state machine (locally: the harness's executor).
    public var executions: any StateMachineExecutions

    public init(
        configuration: Configuration,
        tables: any TableStore,
        objects: any ObjectStore,
        mail: any MailSender,
        functions: any FunctionInvoker,
        clock: Clock,
        ids: IDGenerator,
        tokens: TokenSigner? = nil,
        presigner: (any ObjectURLPresigner)? = nil,
        webhooks: any WebhookTransport = RecordingOnlyWebhookTransport(),
        executions: any StateMachineExecutions = NoStateMachineExecutions()
    ) {
        self.configuration = configuration
        self.tables = tables
        self.objects = objects
        self.mail = mail
        self.functions = functions
        self.clock = clock
        self.ids = ids
        self.tokens = tokens
        self.presigner = presigner
        self.webhooks = webhooks
        self.executions = executions
    }

    /// The physical name of a table in this environment.
    public func tableName(_ table: TableDefinition) -> String {
        configuration.resourceName(table.name)
    }

    /// The current time in the one timestamp format.
    public var now: String { Timestamp.string(clock.now()) }
}
