import ApiGateway
import Foundation
import Shared
import WireFormat

/// How much the server accepts and how long it waits; the defaults are what `serve` uses.
struct HTTPLimits: Sendable {
    /// The request line (method, target, version); longer answers 414.
    var requestLineBytes = 8 * 1024
    /// The request line and all header lines together; more answers 431.
    var headBytes = 16 * 1024
    var headerCount = 100
    /// A request body, as API Gateway's payload limit: 10 MB; larger answers 413.
    var bodyBytes = 10 * 1024 * 1024
    /// Open connections; one more is answered 503 and closed.
    var connections = 256
    /// From a request's first byte to the end of its headers; then 408 and closed (slow clients).
    var headTimeout: Duration = .seconds(10)
    /// From a request's first byte to the end of its body.
    var requestTimeout: Duration = .seconds(60)
    /// A kept-alive connection with no request in progress is closed after this.
    var idleTimeout: Duration = .seconds(15)
    /// A client must take an answer within this, or the connection is dropped.
    var writeTimeout: Duration = .seconds(30)
    /// Bytes of bodies and answers held across all connections; past it, connections holding
    /// more than `bufferFloor` are read no further until others drain.
    var bufferBudget = 64 * 1024 * 1024
    var bufferFloor = 64 * 1024
}

/// One request as the server received it: the body is whole (de-chunked).
struct HTTPServerRequest: Sendable {
    let method: String
    let target: String
    let version: String
    let headers: [(name: String, value: String)]
    let body: Data
    let keepAlive: Bool

    /// The first value of a header, by case-insensitive name.
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// An answer: status, headers (the server adds Content-Length, Connection and Date) and body.
struct HTTPServerResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body = Data()

    /// The bytes on the wire; a HEAD answer or a 1xx, 204 or 304 has no body.
    func serialized(keepAlive: Bool, omitBody: Bool, date: Date) -> [UInt8] {
        let bodyless = omitBody || status < 200 || status == 204 || status == 304
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if status >= 200, status != 204, status != 304 { head += "Content-Length: \(body.count)\r\n" }
        head += "Date: \(Self.httpDate(date))\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Array(head.utf8)
        if !bodyless { bytes += body }
        return bytes
    }

    static func reason(_ status: Int) -> String {
        let reasons = [
            100: "Continue", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 304: "Not Modified",
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            408: "Request Timeout", 409: "Conflict", 413: "Content Too Large", 414: "URI Too Long",
            417: "Expectation Failed", 422: "Unprocessable Content", 429: "Too Many Requests",
            431: "Request Header Fields Too Large", 500: "Internal Server Error", 501: "Not Implemented",
            502: "Bad Gateway", 503: "Service Unavailable", 505: "HTTP Version Not Supported",
        ]
        return reasons[status] ?? "Status \(status)"
    }

    /// `Sun, 22 Nov 2026 10:00:00 GMT` (RFC 9110's IMF-fixdate).
    static func httpDate(_ date: Date) -> String {
        let parts = UTCParts(date)
        return "\(parts.weekdayName), \(Digits.padded(parts.day, 2)) \(parts.monthName) "
            + "\(Digits.padded(parts.year, 4)) \(parts.timeOfDay) GMT"
    }
}

/// A request the server refuses before any function sees it, answered in the API's error format.
struct HTTPRefusal: Error, Sendable, Equatable {
    let status: Int
    let code: String
    let message: String

    static func malformed(_ message: String) -> HTTPRefusal {
        HTTPRefusal(status: 400, code: "BAD_REQUEST", message: message)
    }

    /// What API Gateway answers when invoking the function failed: 413 for an event larger than
    /// Lambda takes, 502 for a function error (whose details stay in the log).
    static func integrationFailure(_ error: Error, requestID: String) -> HTTPRefusal {
        let domain = FunctionError(error).domainError
        guard domain.status == 413 else {
            return HTTPRefusal(
                status: 502,
                code: "BAD_GATEWAY",
                message: "ApiGateway failed; see its log for request \(requestID)"
            )
        }
        return HTTPRefusal(status: 413, code: domain.code, message: domain.message)
    }

    var response: HTTPServerResponse {
        let body = (try? JSON.encode(ErrorAnswer(code: code, message: message))) ?? Data()
        return HTTPServerResponse(
            status: status,
            headers: [("Content-Type", "application/json"), ("Access-Control-Allow-Origin", "*")],
            body: body
        )
    }
}
