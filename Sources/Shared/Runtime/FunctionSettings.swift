import Foundation

/// How a function is configured in Lambda, declared once: the local Lambda runs each function
/// with this memory size, timeout and environment, and `infrastructure/template.yaml` must
/// declare the same (a test reads it), so what runs locally is what is deployed.
public struct FunctionSettings: Sendable {
    /// `MemorySize`, in MB: the `Memory Size` of the REPORT line and `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`.
    public var memorySizeMB: Int
    /// `Timeout`, in seconds: an invocation still running after it is stopped and fails with
    /// `Task timed out after N.NN seconds`.
    public var timeout: TimeInterval
    /// The variables the template gives this function beyond the globals (`ENVIRONMENT`, `LOG_LEVEL`,
    /// `SENDER_EMAIL`), with their local values.
    public var variables: @Sendable (Configuration) -> [String: String]

    public init(
        memorySizeMB: Int = FunctionSettings.globalMemorySizeMB,
        timeout: TimeInterval = FunctionSettings.globalTimeout,
        variables: @escaping @Sendable (Configuration) -> [String: String] = { _ in [:] }
    ) {
        self.memorySizeMB = memorySizeMB
        self.timeout = timeout
        self.variables = variables
    }

    /// The template's `Globals.Function.MemorySize`.
    public static let globalMemorySizeMB = 256
    /// The template's `Globals.Function.Timeout`: DatabaseManager's, the function every other one calls.
    public static let globalTimeout: TimeInterval = 20

    /// The longest a commit (one `TransactWriteItems`, or the local journal's write and fdatasync)
    /// is allowed to take: DatabaseManager starts none with less time than this left before its
    /// deadline (multiplied by `TESTEX_TIMEOUT_SCALE`, as the timeouts are).
    public static let commitAllowance: TimeInterval = 1

    /// The variables every function gets (the template's `Globals.Function.Environment`).
    public static func globalVariables(_ configuration: Configuration) -> [String: String] {
        [
            "ENVIRONMENT": configuration.environment.rawValue, "LOG_LEVEL": configuration.logLevel.rawValue,
            "SENDER_EMAIL": configuration.senderEmail,
        ]
    }
}

extension FunctionName {
    /// This function's declared configuration.
    ///
    /// The timeouts are ordered along the synchronous calls (the template's `invoke-functions`
    /// policies; a test checks): a callee's is shorter than its caller's, so a callee that runs
    /// out of time fails while its caller can still answer. ApiGateway calls ContractProcessor,
    /// which calls FileHandler and NotificationService; every function calls DatabaseManager.
    public var settings: FunctionSettings {
        switch self {
        // API Gateway gives up on an integration after 29 seconds.
        case .apiGateway: FunctionSettings(timeout: 29) { ["ALLOWED_ORIGIN": $0.allowedOrigin] }
        case .contractProcessor:
            FunctionSettings(timeout: 26) { ["ARCHIVE_AFTER_DAYS": String($0.archiveAfterDays)] }
        case .databaseManager: FunctionSettings()
        // Documents up to the 6 MB payload limit are decoded and hashed in memory.
        case .fileHandler: FunctionSettings(memorySizeMB: 512, timeout: 23)
        case .notificationService:
            FunctionSettings(timeout: 23) {
                ["SES_CONFIGURATION_SET": $0.resourceName("email"), "REPLY_TO_EMAIL": $0.replyToEmail]
            }
        }
    }
}

/// How long CloudWatch Logs keeps a function's log events (the log groups' `RetentionInDays`):
/// a year in production, 30 days elsewhere. The local log store deletes older streams too, so a
/// long-used state directory keeps a bounded number of log files.
public enum LogRetention {
    public static func days(_ environment: Environment) -> Int {
        environment == .production ? 365 : 30
    }
}

extension FunctionName {
    /// The environment Lambda gives this function in one invocation: its reserved variables, the
    /// template's global and per-function variables, and the invocation's trace header.
    public func lambdaEnvironment(
        _ configuration: Configuration,
        traceID: String,
        logStream: String
    ) -> [String: String] {
        var variables = FunctionSettings.globalVariables(configuration).merging(settings.variables(configuration)) {
            $1
        }
        let reserved = [
            "AWS_LAMBDA_FUNCTION_NAME": deployedName(configuration),
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(settings.memorySizeMB),
            "AWS_LAMBDA_LOG_GROUP_NAME": logGroup(configuration),
            "AWS_LAMBDA_LOG_STREAM_NAME": logStream,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": configuration.region,
            "AWS_DEFAULT_REGION": configuration.region,
            "_HANDLER": rawValue,
            "_X_AMZN_TRACE_ID": traceID,
            "TZ": ":UTC",
        ]
        variables.merge(reserved) { $1 }
        return variables
    }
}
