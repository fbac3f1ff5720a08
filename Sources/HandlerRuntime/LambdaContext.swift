import Foundation
import Shared
import WireFormat

/// What Lambda tells a handler about one invocation.
public struct LambdaContext: Sendable {
    public let requestID: String
    public let traceID: String
    /// The router name of the function (`ContractProcessor`).
    public let functionName: String
    /// The deployed name (`development-testex-contract-processor`).
    public let deployedName: String
    /// When the invocation's answer stops being of use: the function's timeout, or the deadline
    /// of the synchronous caller waiting for it when that comes first. Wall-clock time.
    public let deadline: Date
    public let logger: Logger
    /// The function's environment variables as Lambda sets them: the reserved ones
    /// (`AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `AWS_REGION`, `_X_AMZN_TRACE_ID`, ...)
    /// and the ones the template declares.
    public let environment: [String: String]
    /// The function's configured memory, in MB.
    public let memoryLimitMB: Int

    public init(
        requestID: String,
        traceID: String,
        functionName: String,
        deployedName: String,
        deadline: Date,
        logger: Logger,
        environment: [String: String] = [:],
        memoryLimitMB: Int = FunctionSettings.globalMemorySizeMB
    ) {
        self.requestID = requestID
        self.traceID = traceID
        self.functionName = functionName
        self.deployedName = deployedName
        self.deadline = deadline
        self.logger = logger
        self.environment = environment
        self.memoryLimitMB = memoryLimitMB
    }

    /// The time left until `deadline` (negative once it has passed).
    public var remainingTime: TimeInterval { deadline.timeIntervalSinceNow }

    /// An X-Ray style trace header value for a new trace.
    public static func newTraceID(at date: Date) -> String {
        let epoch = String(Int(date.timeIntervalSince1970), radix: 16)
        let random = (0..<3).map { _ in Digits.hex(UInt32.random(in: 0...UInt32.max), 8) }.joined()
        return "Root=1-\(epoch)-\(random);Sampled=0"
    }
}
