import ApiGateway
import Foundation
import Shared
import WireFormat

/// What `serve` does with one request: a presigned link is served as S3 serves it; anything
/// else becomes the proxy event `api` would build, passes the local authorizer and ApiGateway,
/// and the function's answer is written back. Then the queued asynchronous invocations run,
/// as after each command.
struct ServeResponder: Sendable {
    let system: LocalSystem
    let context: CommandContext
    let v2: Bool
    let quiet: Bool

    func respond(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        let started = ContinuousClock.now
        let response =
            if ServedLinks.isLink(request.target) {
                await ServedLinks(system: system).respond(request)
            } else {
                await api(request)
            }
        await context.drainAfterCommand()
        if !quiet {
            let path = String(request.target.prefix { $0 != "?" }.prefix(200))
            let elapsed = (ContinuousClock.now - started).components
            let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
            context.console.err(
                "\(request.method) \(path) \(response.status) \(Digits.fixed(milliseconds, 1)) ms"
            )
        }
        return response
    }

    func api(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        let requestID = IDGenerator.requestID()
        let (path, query) = APIEventBuilder.splitQuery(request.target)
        let (body, base64) = Self.eventBody(request)
        let builder = APIEventBuilder(
            method: request.method,
            path: path,
            query: query,
            headers: Self.joinedHeaders(request),
            body: body,
            isBase64Encoded: base64,
            claims: nil,
            requestID: requestID,
            time: system.clock.now()
        )
        do {
            let event = v2 ? builder.httpEvent() : builder.restEvent()
            let data = try await system.invoke(.apiGateway, payload: try JSON.encode(event))
            return try JSON.decode(ProxyAnswer.self, from: data).response(requestID: requestID)
        } catch {
            let refusal = HTTPRefusal.integrationFailure(error, requestID: requestID)
            return refusal.response
        }
    }

    /// Repeated header fields joined with commas, as one value per name (case kept from the first).
    static func joinedHeaders(_ request: HTTPServerRequest) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in request.headers {
            let key = headers.keys.first { $0.caseInsensitiveCompare(name) == .orderedSame } ?? name
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        return headers
    }

    /// The body as API Gateway passes it: text for textual media types, else base64.
    static func eventBody(_ request: HTTPServerRequest) -> (String?, Bool) {
        guard !request.body.isEmpty else { return (nil, false) }
        let type = (request.header("Content-Type") ?? "").lowercased()
        let textual =
            type.isEmpty || type.hasPrefix("text/") || type.contains("json") || type.contains("xml")
            || type.hasPrefix("application/x-www-form-urlencoded") || type.hasPrefix("application/javascript")
        if textual, let text = String(validating: request.body, as: UTF8.self) { return (text, false) }
        return (request.body.base64EncodedString(), true)
    }
}

/// A proxy integration's answer, v1 or v2.
struct ProxyAnswer: Decodable {
    let statusCode: Int
    let headers: [String: String]?
    let multiValueHeaders: [String: [String]]?
    let cookies: [String]?
    let body: String?
    let isBase64Encoded: Bool?

    /// The server frames the message itself.
    static let framing: Set<String> = ["content-length", "transfer-encoding", "connection", "date", "keep-alive"]

    func response(requestID: String) -> HTTPServerResponse {
        var fields: [(name: String, value: String)] = (headers ?? [:]).sorted { $0.key < $1.key }.map {
            ($0.key, $0.value)
        }
        for (name, values) in (multiValueHeaders ?? [:]).sorted(by: { $0.key < $1.key }) where headers?[name] == nil {
            fields += values.map { (name, $0) }
        }
        fields += (cookies ?? []).map { ("Set-Cookie", $0) }
        fields = fields.filter {
            !Self.framing.contains($0.name.lowercased()) && !$0.value.contains(where: \.isNewline)
        }
        fields.append(("x-amzn-RequestId", requestID))
        let data = isBase64Encoded == true ? Data(base64Encoded: body ?? "") ?? Data() : Data((body ?? "").utf8)
        return HTTPServerResponse(status: statusCode, headers: fields, body: data)
    }
}
