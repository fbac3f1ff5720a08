import Foundation
import Shared
import WireFormat

/// Calls another function by name with a JSON payload, as Lambda's Invoke API does.
public protocol FunctionInvoker: Sendable {
    /// A synchronous (RequestResponse) invoke: the function's JSON result, or a `FunctionError`.
    func invoke(_ function: FunctionName, payload: Data, parent: LambdaContext?) async throws -> Data
    /// An asynchronous (Event) invoke: the payload is queued durably and the call answers at once
    /// with 202 and the request id the function will run under; failures are retried by the queue.
    func invokeAsync(
        _ function: FunctionName,
        payload: Data,
        parent: LambdaContext?
    ) async throws -> AsyncInvocationReceipt
}

extension FunctionInvoker {
    /// Encodes the request, invokes, and decodes the result; a function error that carries a
    /// domain error is rethrown as that domain error, so callers see the callee's 404 or 409.
    public func invoke<Request: Encodable, Response: Decodable>(
        _ function: FunctionName,
        _ request: Request,
        as response: Response.Type,
        parent: LambdaContext?
    ) async throws -> Response {
        let payload = try JSON.encode(request)
        let data: Data
        do {
            data = try await invoke(function, payload: payload, parent: parent)
        } catch let error as FunctionError {
            throw error.domainError
        }
        do {
            return try JSON.decode(Response.self, from: data)
        } catch {
            throw DomainError.internal(
                "\(function.rawValue) answered an unexpected shape: \(DecodingErrorDescription.describe(error))"
            )
        }
    }
}

extension FunctionInvoker {
    /// Encodes the request and invokes asynchronously: queued, answered with 202.
    @discardableResult
    public func invokeAsync<Request: Encodable>(
        _ function: FunctionName,
        _ request: Request,
        parent: LambdaContext?
    ) async throws -> AsyncInvocationReceipt {
        try await invokeAsync(function, payload: try JSON.encode(request), parent: parent)
    }
}
