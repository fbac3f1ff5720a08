import Foundation
import HandlerRuntime
import Shared
import Signing
import WireFormat

/// `FunctionInvoker` over Lambda's Invoke API (`POST /2015-03-31/functions/{name}/invocations`,
/// RequestResponse): the deployed `{env}-testex-*` function answers, and a function error
/// (`X-Amz-Function-Error`) comes back as the `FunctionError` the local Lambda would have thrown. The
/// caller's trace and deadline go with the call (`X-Amzn-Trace-Id`, `X-Amz-Client-Context`).
public struct LambdaFunctionInvoker: FunctionInvoker {
    private let client: AWSServiceClient
    private let configuration: Configuration

    public init(
        configuration: Configuration,
        aws: AWSConfiguration,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: @escaping @Sendable () -> Date = { Date() },
        timeout: TimeInterval = 900
    ) {
        var client = AWSServiceClient(configuration: aws, service: .lambda, transport: transport, clock: clock)
        // A synchronous invoke lasts as long as the callee runs, up to Lambda's 15 minutes.
        client.timeout = timeout
        self.client = client
        self.configuration = configuration
    }

    public func invoke(_ function: FunctionName, payload: Data, parent: LambdaContext?) async throws -> Data {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("X-Amz-Invocation-Type", "RequestResponse"),
        ]
        if let trace = parent?.traceID { headers.append(("X-Amzn-Trace-Id", trace)) }
        // The callee works to the caller's deadline (Lambda passes client context to synchronous invokes only).
        if let deadline = parent?.deadline {
            headers.append(("X-Amz-Client-Context", CallerDeadline.clientContext(deadline)))
        }
        let name = function.deployedName(configuration)
        let answer = try await client.send(
            AWSRequest(
                method: "POST",
                path: "/2015-03-31/functions/\(name)/invocations",
                headers: headers,
                body: payload
            )
        )
        if answer.isSuccess, answer.header("X-Amz-Function-Error") == nil { return answer.body }
        if answer.isSuccess {
            throw (try? JSON.decode(FunctionError.self, from: answer.body))
                ?? FunctionError(
                    errorType: "Unhandled",
                    errorMessage: String(decoding: answer.body.prefix(1000), as: UTF8.self)
                )
        }
        let document = (try? JSON.decode(JSONValue.self, from: answer.body)) ?? .object([:])
        let type =
            answer.header("x-amzn-ErrorType")?.split(separator: ":").first.map(String.init)
            ?? document.field("Type") ?? "HTTP\(answer.status)"
        let message =
            document.field("Message") ?? document.field("message")
            ?? "Lambda answered HTTP \(answer.status) for \(name)"
        throw FunctionError(errorType: type, errorMessage: message)
    }

    /// An Event invoke: Lambda queues the payload, answers 202 and retries failures itself.
    public func invokeAsync(
        _ function: FunctionName,
        payload: Data,
        parent: LambdaContext?
    ) async throws -> AsyncInvocationReceipt {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("X-Amz-Invocation-Type", "Event"),
        ]
        if let trace = parent?.traceID { headers.append(("X-Amzn-Trace-Id", trace)) }
        let name = function.deployedName(configuration)
        let answer = try await client.send(
            AWSRequest(
                method: "POST",
                path: "/2015-03-31/functions/\(name)/invocations",
                headers: headers,
                body: payload
            )
        )
        guard answer.isSuccess else {
            let document = (try? JSON.decode(JSONValue.self, from: answer.body)) ?? .object([:])
            throw FunctionError(
                errorType: document.field("Type") ?? "HTTP\(answer.status)",
                errorMessage: document.field("Message") ?? document.field("message")
                    ?? "Lambda answered HTTP \(answer.status) for \(name)"
            )
        }
        return AsyncInvocationReceipt(requestId: answer.header("x-amzn-RequestId") ?? IDGenerator.requestID())
    }
}
