import Foundation

/// A Lambda event source mapping from a table's DynamoDB stream to a function, with Lambda's
/// settings for it. Declared once: the harness polls the stream with it, and the infrastructure
/// template's `DynamoDB` event says the same.
public struct EventSourceMapping: Sendable, Hashable {
    /// The mapping's name, also the name of its checkpoints.
    public let name: String
    public let table: TableDefinition
    public let function: FunctionName
    /// At most this many records per invocation (Lambda allows 1 to 10,000 for DynamoDB).
    public let batchSize: Int
    /// Retries of a failed batch before it goes to the on-failure destination (Lambda: -1 is
    /// "until the records expire"; this system sets a bound).
    public let maximumRetryAttempts: Int
    /// Whether a failed batch is split in two before it is retried, to isolate a bad record.
    public let bisectBatchOnFunctionError: Bool
    /// Where the poller starts on a shard it has no checkpoint for.
    public let startingPosition: String

    /// The deployed event's logical name in the template (`ContractsStream`).
    public var eventName: String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// Every event source mapping of the system.
public enum EventSourceMappings {
    /// Each committed change of a contract reaches FileHandler, which runs the closing steps that
    /// are its own (`ClosingStep`): a termination's backup and archive, a deleted contract's archive.
    public static let contractsStream = EventSourceMapping(
        name: "contracts-stream",
        table: Tables.contracts,
        function: .fileHandler,
        batchSize: 100,
        maximumRetryAttempts: 3,
        bisectBatchOnFunctionError: true,
        startingPosition: "TRIM_HORIZON"
    )

    /// Each committed change of a contract may be an event a subscription wants and may ask for a
    /// notice: NotificationService derives the event and has it delivered (`SubscriptionStream`),
    /// and sends the notices (`ClosingStep`: a termination's, the other status changes').
    public static let contractsEvents = EventSourceMapping(
        name: "contracts-events",
        table: Tables.contracts,
        function: .notificationService,
        batchSize: 100,
        maximumRetryAttempts: 3,
        bisectBatchOnFunctionError: true,
        startingPosition: "TRIM_HORIZON"
    )

    /// A notification's sending and delivery status, the same way.
    public static let notificationsEvents = EventSourceMapping(
        name: "notifications-events",
        table: Tables.notifications,
        function: .notificationService,
        batchSize: 100,
        maximumRetryAttempts: 3,
        bisectBatchOnFunctionError: true,
        startingPosition: "TRIM_HORIZON"
    )

    public static let all: [EventSourceMapping] = [contractsStream, contractsEvents, notificationsEvents]

    /// The functions a table's stream is delivered to.
    public static func consumers(of table: TableDefinition) -> [FunctionName] {
        all.filter { $0.table.name == table.name }.map(\.function)
    }

    /// The mapping by name.
    public static func named(_ name: String) -> EventSourceMapping? {
        all.first { $0.name == name }
    }
}
