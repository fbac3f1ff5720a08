import Foundation
import HandlerRuntime
import Shared

/// Runs one function against the Runtime API: take the next invocation, hand its payload to the
/// handler with a context made from the invocation's headers, post the result or the error,
/// and repeat. It ends only when the Runtime API fails, as Lambda expects of a runtime.
public struct RuntimeLoop: Sendable {
    public let client: RuntimeAPIClient
    public let function: FunctionName
    public let handler: any ByteHandler
    public let configuration: Configuration
    /// The deployed name Lambda gave the function (`AWS_LAMBDA_FUNCTION_NAME`).
    public let deployedName: String
    /// Where log lines go: standard output, which Lambda sends to the function's log group.
    public let output: @Sendable (String) -> Void
    /// The process's environment, as Lambda set it; each invocation sets its `_X_AMZN_TRACE_ID`
    /// (or removes it when the invocation has no trace header).
    public let environment: [String: String]

    public init(
        client: RuntimeAPIClient,
        function: FunctionName,
        handler: any ByteHandler,
        configuration: Configuration,
        deployedName: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        output: @escaping @Sendable (String) -> Void = RuntimeLoop.standardOutput
    ) {
        self.client = client
        self.function = function
        self.handler = handler
        self.configuration = configuration
        self.deployedName = deployedName ?? function.deployedName(configuration)
        self.environment = environment
        self.output = output
    }

    /// Writes each line straight to standard output: unbuffered, so nothing is lost when Lambda
    /// freezes the process between invocations.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Serves invocations until the Runtime API fails; rethrows that failure. An answer the
    /// Runtime API refuses with a 4xx (a response over 6 MB: Lambda then reports the invocation
    /// as failed itself) is logged and the loop goes on; a 5xx means the environment is broken.
    public func run() async throws {
        while true {
            let invocation = try await client.next()
            do {
                switch await handle(invocation) {
                case .success(let payload): try await client.respond(to: invocation.requestID, with: payload)
                case .failure(let error): try await client.fail(invocation.requestID, with: error)
                }
            } catch let refused as RuntimeAPIError where (400..<500).contains(refused.status) {
                output("testex-lambda: \(refused)")
            }
        }
    }

    /// One invocation: the handler's bytes, or the error payload Lambda reports to the caller.
    func handle(_ invocation: RuntimeInvocation) async -> Result<Data, FunctionError> {
        TraceVariable.set(invocation.traceID)
        let logger = Logger(
            function: deployedName,
            requestID: invocation.requestID,
            minimumLevel: configuration.logLevel,
            metricDimensions: ["Environment": configuration.environment.rawValue],
            sink: output
        )
        let traceID = invocation.traceID ?? LambdaContext.newTraceID(at: Date())
        var variables = environment
        variables[TraceVariable.name] = invocation.traceID
        let memory =
            environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"].flatMap { Int($0) }
            ?? function.settings.memorySizeMB
        let context = LambdaContext(
            requestID: invocation.requestID,
            traceID: traceID,
            functionName: function.rawValue,
            deployedName: deployedName,
            deadline: CallerDeadline.effective(
                own: invocation.deadline,
                caller: invocation.callerDeadline
            ),
            logger: logger,
            environment: variables,
            memoryLimitMB: memory
        )
        do {
            return .success(try await handler.handle(invocation.payload, context: context))
        } catch {
            let functionError = FunctionError(error)
            if case .internal(let message) = functionError.domainError {
                logger.error("unhandled error", ["error": message])
            }
            return .failure(functionError)
        }
    }
}
