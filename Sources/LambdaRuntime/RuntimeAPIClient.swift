import AWSClients
import Foundation
import Shared
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One invocation as the Runtime API hands it out.
public struct RuntimeInvocation: Sendable {
    public let requestID: String
    public let deadline: Date
    public let traceID: String?
    public let invokedFunctionARN: String?
    public let payload: Data
}

/// The Lambda Runtime API (`http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/...`): fetch the
/// next invocation, post its response or error, or report that initialization failed.
public struct RuntimeAPIClient: Sendable {
    public let base: String
    private let transport: any HTTPTransport

    /// `api` is `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    public init(api: String, transport: any HTTPTransport = URLSessionTransport()) {
        base = "http://\(api)/2018-06-01/runtime"
        self.transport = transport
    }

    /// Waits for the next invocation (a long poll: Lambda freezes the process meanwhile).
    public func next() async throws -> RuntimeInvocation {
        let answer = try await send("GET", "/invocation/next", timeout: 365 * 24 * 3600)
        guard answer.status == 200 else { throw RuntimeAPIError(path: "/invocation/next", status: answer.status, body: answer.body) }
        guard let requestID = answer.header("Lambda-Runtime-Aws-Request-Id"), !requestID.isEmpty else {
            throw RuntimeAPIError(path: "/invocation/next", status: answer.status, body: Data("no Lambda-Runtime-Aws-Request-Id header".utf8))
        }
        let deadline = answer.header("Lambda-Runtime-Deadline-Ms").flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) }
            ?? Date().addingTimeInterval(900)
        return RuntimeInvocation(requestID: requestID, deadline: deadline, traceID: answer.header("Lambda-Runtime-Trace-Id"),
                                 invokedFunctionARN: answer.header("Lambda-Runtime-Invoked-Function-Arn"), payload: answer.body)
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
        let answer = try await send("POST", path, body: body, errorType: errorType)
        guard (200..<300).contains(answer.status) else { throw RuntimeAPIError(path: path, status: answer.status, body: answer.body) }
    }

    private func send(_ method: String, _ path: String, body: Data? = nil, errorType: String? = nil, timeout: TimeInterval = 60) async throws -> AWSResponse {
        guard let url = URL(string: base + path) else { throw RuntimeAPIError(path: path, status: 0, body: Data("bad URL".utf8)) }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let errorType { request.setValue(errorType, forHTTPHeaderField: "Lambda-Runtime-Function-Error-Type") }
        return try await transport.send(request)
    }

    static func errorBody(_ error: FunctionError) -> Data {
        let body: JSONValue = ["errorMessage": .string(error.errorMessage), "errorType": .string(error.errorType), "stackTrace": []]
        return (try? JSON.encode(body)) ?? Data()
    }
}

/// The Runtime API answered something other than success.
public struct RuntimeAPIError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let status: Int
    public let body: Data
    public var description: String { "Runtime API \(path) answered HTTP \(status): \(String(decoding: body.prefix(300), as: UTF8.self))" }
}
