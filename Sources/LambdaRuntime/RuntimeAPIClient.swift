import AWSClients
import Dispatch
import Foundation
import Shared
import WireFormat

/// One invocation as the Runtime API hands it out.
public struct RuntimeInvocation: Sendable {
    public let requestID: String
    /// When Lambda stops the function (`Lambda-Runtime-Deadline-Ms`).
    public let deadline: Date
    /// The synchronous caller's deadline, from the client context, when it has one.
    public let callerDeadline: Date?
    public let traceID: String?
    public let invokedFunctionARN: String?
    public let payload: Data
}

/// How the client retries a request whose connection failed (refused, reset, closed before the
/// answer): after `initialDelay`, doubling up to `maximumDelay`, at most `maximumAttempts` times
/// in a row. About 13 seconds in all by default: longer than any restart of a Runtime API, and
/// Lambda replaces an environment whose Runtime API is gone for good.
public struct RuntimeAPIRetry: Sendable {
    public var maximumAttempts: Int
    public var initialDelay: TimeInterval
    public var maximumDelay: TimeInterval

    public init(maximumAttempts: Int = 10, initialDelay: TimeInterval = 0.05, maximumDelay: TimeInterval = 2) {
        self.maximumAttempts = maximumAttempts
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before retry number `attempt` (1-based).
    func delay(before attempt: Int) -> TimeInterval {
        min(maximumDelay, initialDelay * pow(2, Double(attempt - 1)))
    }
}

/// The Lambda Runtime API (`http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/...`): fetch the
/// next invocation, post its response or error, or report that initialization failed. Requests
/// go over one kept-alive connection of its own (`HTTP1Connection`, no client timeout),
/// made on a thread of their own so a long `/next` holds no thread of the concurrency pool.
public struct RuntimeAPIClient: Sendable {
    public static let basePath = "/2018-06-01/runtime"
    private let channel: Channel
    public let retry: RuntimeAPIRetry

    /// `api` is `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`; `log` hears of each retry.
    public init(
        api: String,
        retry: RuntimeAPIRetry = RuntimeAPIRetry(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        channel = Channel(connection: HTTP1Connection(api: api), log: log)
        self.retry = retry
    }

    /// Waits for the next invocation, for as long as it takes (Lambda freezes the process meanwhile).
    public func next() async throws -> RuntimeInvocation {
        let path = "/invocation/next"
        let answer = try await send("GET", path)
        guard answer.status == 200 else { throw RuntimeAPIError(path: path, status: answer.status, body: answer.body) }
        guard let requestID = answer.headers["lambda-runtime-aws-request-id"], !requestID.isEmpty else {
            throw RuntimeAPIError(
                path: path,
                status: answer.status,
                body: Data("no Lambda-Runtime-Aws-Request-Id header".utf8)
            )
        }
        let deadline =
            answer.headers["lambda-runtime-deadline-ms"].flatMap(Double.init)
            .map { Date(timeIntervalSince1970: $0 / 1000) } ?? Date().addingTimeInterval(900)
        return RuntimeInvocation(
            requestID: requestID,
            deadline: deadline,
            callerDeadline: CallerDeadline.deadline(fromClientContext: answer.headers["lambda-runtime-client-context"]),
            traceID: answer.headers["lambda-runtime-trace-id"],
            invokedFunctionARN: answer.headers["lambda-runtime-invoked-function-arn"],
            payload: answer.body
        )
    }

    /// Posts the function's result for `requestID`.
    public func respond(to requestID: String, with payload: Data) async throws {
        try await post("/invocation/\(requestID)/response", payload)
    }

    /// Posts the function's error for `requestID` as `{"errorMessage","errorType","stackTrace"}`.
    public func fail(_ requestID: String, with error: FunctionError) async throws {
        try await post("/invocation/\(requestID)/error", Self.errorBody(error), errorType: error.errorType)
    }

    /// Reports that the function could not start; Lambda then fails the pending invocation.
    public func failInitialization(with error: FunctionError) async throws {
        try await post("/init/error", Self.errorBody(error), errorType: error.errorType)
    }

    private func post(_ path: String, _ body: Data, errorType: String? = nil) async throws {
        var headers = [("Content-Type", "application/json")]
        if let errorType { headers.append(("Lambda-Runtime-Function-Error-Type", errorType)) }
        let answer = try await send("POST", path, headers: headers, body: body)
        guard (200..<300).contains(answer.status) else {
            throw RuntimeAPIError(path: path, status: answer.status, body: answer.body)
        }
    }

    /// One request, retried on a new connection while the connection fails (`retry`).
    private func send(
        _ method: String,
        _ path: String,
        headers: [(String, String)] = [],
        body: Data? = nil
    ) async throws -> HTTP1Connection.Answer {
        var attempt = 0
        while true {
            do {
                return try await channel.send(method, Self.basePath + path, headers: headers, body: body)
            } catch let failure as HTTP1Connection.Failure
                where failure.isRetryable && attempt < retry.maximumAttempts
            {
                attempt += 1
                let delay = retry.delay(before: attempt)
                channel.log(
                    "testex-lambda: \(failure); retry \(attempt) of \(retry.maximumAttempts) "
                        + "in \(Int(delay * 1000)) ms"
                )
                try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
    }

    static func errorBody(_ error: FunctionError) -> Data {
        let body: JSONValue = [
            "errorMessage": .string(error.errorMessage), "errorType": .string(error.errorType), "stackTrace": [],
        ]
        return (try? JSON.encode(body)) ?? Data()
    }

    /// The connection and the serial queue its blocking calls run on.
    private final class Channel: @unchecked Sendable {
        private let connection: HTTP1Connection
        private let queue = DispatchQueue(label: "testex.runtime-api")
        let log: @Sendable (String) -> Void

        init(connection: HTTP1Connection, log: @escaping @Sendable (String) -> Void) {
            self.connection = connection
            self.log = log
        }

        func send(
            _ method: String,
            _ path: String,
            headers: [(String, String)],
            body: Data?
        ) async throws -> HTTP1Connection.Answer {
            try await withCheckedThrowingContinuation { continuation in
                queue.async {
                    continuation.resume(
                        with: Result {
                            try self.connection.send(method, path, headers: headers, body: body)
                        }
                    )
                }
            }
        }
    }
}

/// The Runtime API answered something other than success.
public struct RuntimeAPIError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let status: Int
    public let body: Data
    public var description: String {
        "Runtime API \(path) answered HTTP \(status): \(String(decoding: body.prefix(300), as: UTF8.self))"
    }
}
