import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// In-process Lambda: maps function names to handlers and passes JSON bytes in and out, so every
/// call between functions crosses the same wire contract a real Lambda invoke would. Each
/// function runs as Lambda runs it: with its declared memory size, timeout and environment, in
/// an execution environment made on its first invocation (and made again after a timeout).
public final class LocalLambda: FunctionInvoker, @unchecked Sendable {
    public let configuration: Configuration
    public let clock: Clock
    /// Each function's memory size, timeout and variables: `FunctionName.settings` unless given.
    public let settings: @Sendable (FunctionName) -> FunctionSettings
    /// Where Event invokes wait for their run; nil refuses them.
    public let queue: (any InvocationQueue)?
    private let lock = NSLock()
    private var environments: [FunctionName: ExecutionEnvironment] = [:]
    private var observers: [@Sendable (InvocationRecord) async -> Void] = []

    public init(
        configuration: Configuration,
        clock: Clock,
        queue: (any InvocationQueue)? = nil,
        settings: @escaping @Sendable (FunctionName) -> FunctionSettings = { $0.settings }
    ) {
        self.configuration = configuration
        self.clock = clock
        self.queue = queue
        self.settings = settings
    }

    /// Registers a function; its handler is built on the first invocation (Lambda's init phase).
    public func register(_ function: FunctionName, _ handler: @autoclosure @escaping @Sendable () -> any ByteHandler) {
        lock.withLock { environments[function] = ExecutionEnvironment(make: handler) }
    }

    public func register<H: LambdaHandler>(
        _ function: FunctionName,
        _ handler: @autoclosure @escaping @Sendable () -> H
    ) {
        register(function, CodableHandler(handler()))
    }

    /// Called after every invocation, success or failure.
    public func observe(_ observer: @escaping @Sendable (InvocationRecord) async -> Void) {
        lock.withLock { observers.append(observer) }
    }

    /// A synchronous invoke: the callee joins the caller's trace and works to the caller's deadline.
    public func invoke(_ function: FunctionName, payload: Data, parent: LambdaContext?) async throws -> Data {
        try await run(
            function,
            payload: payload,
            requestID: IDGenerator.requestID(),
            traceID: parent?.traceID,
            endsFailures: parent == nil,
            callerDeadline: parent?.deadline
        )
    }

    /// Runs the function once under the given request id and trace, as Lambda runs one attempt
    /// of a queued invocation; the invocation is reported to the observers like any other. The
    /// function's timeout is enforced here, for every synchronous and queued invocation alike;
    /// the handler's deadline is the sooner of its timeout and `callerDeadline` (wall-clock
    /// time, as Lambda's, whatever the clock the handlers are given says). An invocation that
    /// `endsFailures` (no function called it, so its failure goes no further) counts an internal
    /// failure in the `Errors` metric; a called one's caller decides.
    public func run(
        _ function: FunctionName,
        payload: Data,
        requestID: String,
        traceID: String?,
        endsFailures: Bool = true,
        callerDeadline: Date? = nil
    ) async throws -> Data {
        let (handler, initDuration) = try handlerStartingEnvironment(function)
        let settings = settings(function)
        let timeout = settings.timeout * configuration.timeoutScale
        let deadline = CallerDeadline.effective(own: Date().addingTimeInterval(timeout), caller: callerDeadline)
        let lines = Locked<[String]>([])
        let logger = logger(function, requestID: requestID, lines: lines)
        let start = clock.now()
        let trace = traceID ?? LambdaContext.newTraceID(at: start)
        let stream = LambdaLogFormat.dailyStreamName(group: function.logGroup(configuration), date: start)
        let environment = function.lambdaEnvironment(configuration, traceID: trace, logStream: stream)
        let context = LambdaContext(
            requestID: requestID,
            traceID: trace,
            functionName: function.rawValue,
            deployedName: function.deployedName(configuration),
            deadline: deadline,
            logger: logger,
            environment: environment,
            memoryLimitMB: settings.memorySizeMB
        )
        let (outcome, duration) = await InvocationTimeout.run(within: timeout) {
            try await handler.handle(payload, context: context)
        }
        let result = result(of: outcome, function, requestID: requestID, duration: duration, logger: logger)
        let failure: FunctionError? = if case .failure(let error) = result { error } else { nil }
        if endsFailures, let failure, failure.domainError.status >= 500 { logger.metric(.errors) }
        let record = InvocationRecord(
            function: function,
            requestID: requestID,
            start: start,
            duration: duration,
            logLines: lines.withLock { $0 },
            error: failure,
            memorySizeMB: settings.memorySizeMB,
            initDuration: initDuration,
            timedOut: outcome.isTimeout
        )
        for observer in lock.withLock({ observers }) { await observer(record) }
        return try result.get()
    }

    /// The logger of one invocation, collecting its lines for the invocation's record.
    private func logger(_ function: FunctionName, requestID: String, lines: Locked<[String]>) -> Logger {
        Logger(
            function: function.deployedName(configuration),
            requestID: requestID,
            minimumLevel: configuration.logLevel,
            clock: clock,
            metricDimensions: ["Environment": configuration.environment.rawValue]
        ) { line in lines.withLock { $0.append(line) } }
    }

    /// What the invocation answers: its payload, or its error (an internal one logged, a timeout
    /// ending the execution environment).
    private func result(
        of outcome: InvocationTimeout.Outcome,
        _ function: FunctionName,
        requestID: String,
        duration: Duration,
        logger: Logger
    ) -> Result<Data, FunctionError> {
        switch outcome {
        case .returned(let data): return .success(data)
        case .threw(let error):
            let functionError = FunctionError(error)
            if case .internal(let message) = functionError.domainError {
                logger.error("unhandled error", ["error": message])
            }
            return .failure(functionError)
        case .timedOut:
            // Lambda ends the execution environment of a function that timed out; the next invocation starts a new one.
            lock.withLock { environments[function]?.handler = nil }
            return .failure(.timedOut(requestID: requestID, after: duration))
        }
    }

    /// Checks the event as Lambda does (a known function, JSON, at most 1 MB) and queues it.
    public func invokeAsync(
        _ function: FunctionName,
        payload: Data,
        parent: LambdaContext?
    ) async throws -> AsyncInvocationReceipt {
        _ = try registeredHandler(function)
        guard let queue else {
            throw FunctionError(
                errorType: "InvalidRequestContentException",
                errorMessage: "asynchronous invocation is not available here"
            )
        }
        guard payload.count <= AsyncInvocationReceipt.maximumPayloadSize else {
            throw FunctionError(
                errorType: "RequestEntityTooLargeException",
                errorMessage:
                    "Request must be smaller than \(AsyncInvocationReceipt.maximumPayloadSize) "
                    + "bytes for the InvokeAsync operation"
            )
        }
        guard let event = try? JSON.decode(JSONValue.self, from: payload) else {
            throw FunctionError(
                errorType: "InvalidRequestContentException",
                errorMessage: "Could not parse request body into json"
            )
        }
        let now = Timestamp.string(clock.now())
        let invocation = QueuedInvocation(
            id: IDGenerator.requestID(),
            sequence: QueueSequence.next(),
            function: function,
            payload: event,
            traceId: parent?.traceID,
            enqueuedAt: now
        )
        try await queue.enqueue(invocation)
        parent?.logger.info(
            "queued asynchronous invocation",
            ["function": function.rawValue, "queued_request_id": invocation.id]
        )
        return AsyncInvocationReceipt(requestId: invocation.id)
    }

    private func registeredHandler(_ function: FunctionName) throws -> ExecutionEnvironment {
        guard let environment = lock.withLock({ environments[function] }) else {
            throw FunctionError(
                errorType: "ResourceNotFoundException",
                errorMessage: "Function not found: \(function.deployedName(configuration))"
            )
        }
        return environment
    }

    /// The function's handler, built now (and timed, as Lambda reports its init phase) when this
    /// is the first invocation of its execution environment.
    private func handlerStartingEnvironment(_ function: FunctionName) throws -> (any ByteHandler, Duration?) {
        let environment = try registeredHandler(function)
        if let handler = environment.handler { return (handler, nil) }
        let started = ContinuousClock.now
        let handler = environment.make()
        let initDuration = ContinuousClock.now - started
        return lock.withLock {
            if let existing = environments[function]?.handler { return (existing, nil) }
            environments[function]?.handler = handler
            return (handler, initDuration)
        }
    }
}

/// A function's execution environment: how to build its handler, and the handler once built.
private struct ExecutionEnvironment {
    let make: @Sendable () -> any ByteHandler
    var handler: (any ByteHandler)?
}
