import Foundation
import Shared
import WireFormat

/// A response before it is shaped for the event's payload version.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [String: String] = [:]
    var body: String = ""

    static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Content-Type": "application/json"],
            body: String(decoding: try JSON.encode(value), as: UTF8.self)
        )
    }

    static func noContent() -> HTTPResponse {
        HTTPResponse(status: 204)
    }

    /// `{"error":{"code":"...","message":"..."}}`; an internal error never shows its message.
    static func error(_ error: DomainError, requestID: String) -> HTTPResponse {
        let message = error.isShown ? error.message : "internal error; see the ApiGateway log for request \(requestID)"
        let body = ErrorAnswer(code: error.code, message: message)
        return (try? json(body, status: error.status)) ?? HTTPResponse(status: error.status)
    }
}

/// The body of every error answer: `{"error":{"code":"...","message":"..."}}`.
public struct ErrorAnswer: Codable, Sendable, Hashable {
    public var error: ErrorDetail

    public init(code: String, message: String) {
        error = ErrorDetail(code: code, message: message)
    }
}

/// A stable code (`NOT_FOUND`, `VALIDATION_ERROR`, ...) and a message naming the problem.
public struct ErrorDetail: Codable, Sendable, Hashable {
    public var code: String
    public var message: String
}
