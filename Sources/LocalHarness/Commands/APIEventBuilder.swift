import Foundation
import Shared
import WireFormat

/// Builds the proxy event API Gateway would send for one HTTP request, REST (v1) or HTTP API (v2),
/// with the caller's claims where the Cognito authorizer puts them.
struct APIEventBuilder {
    var method: String
    var path: String
    var query: [(String, String)]
    var headers: [String: String]
    var body: String?
    /// The body is base64 of binary content, as API Gateway sends binary media types.
    var isBase64Encoded = false
    var claims: [String: String]?
    var requestID: String
    var time: Date

    /// Who a request is sent as: nobody, a caller (a token is minted for it, or for
    /// `generate-event` the claims are written where the authorizer puts them), or a given token.
    enum Identity {
        case anonymous
        case caller(Caller)
        case token(String)
    }

    /// Parses the words of `api` / `generate-event api`: METHOD PATH and the request options.
    static func parse(_ context: CommandContext) throws -> (builder: APIEventBuilder, v2: Bool, identity: Identity) {
        let bodySource = try context.arguments.option("--body")
        let headerWords = try context.arguments.options("--header")
        let asWord = try context.arguments.option("--as")
        let token = try context.arguments.option("--token")
        let v2 = context.arguments.flag("--v2")
        let base64 = context.arguments.flag("--base64")
        let method = try context.arguments.next("METHOD (GET, POST, PUT, DELETE, OPTIONS)").uppercased()
        let target = try context.arguments.next("PATH (e.g. /api/contracts)")
        try context.arguments.finish()
        guard ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"].contains(method) else {
            throw UsageError("unknown HTTP method '\(method)'")
        }
        guard target.hasPrefix("/") else { throw UsageError("the path must start with /, e.g. /api/contracts") }
        var headers = try headers(headerWords)
        var body: String?
        if let bodySource {
            let fromFile = bodySource.hasPrefix("@") || bodySource == "-"
            let bytes = fromFile ? try context.readInput(bodySource) : Data(bodySource.utf8)
            body = base64 ? bytes.base64EncodedString() : String(decoding: bytes, as: UTF8.self)
            if headers.keys.contains(where: { $0.lowercased() == "content-type" }) == false {
                headers["Content-Type"] = "application/json"
            }
        } else if base64 {
            throw UsageError("--base64 needs --body")
        }
        let (path, query) = splitQuery(target)
        let builder = APIEventBuilder(
            method: method,
            path: path,
            query: query,
            headers: headers,
            body: body,
            isBase64Encoded: base64,
            claims: nil,
            requestID: IDGenerator.requestID(),
            time: context.clock.now()
        )
        return (builder, v2, try identity(as: asWord, token: token))
    }

    /// The request's headers: the defaults a client sends, then each `--header NAME:VALUE`.
    private static func headers(_ words: [String]) throws -> [String: String] {
        var headers: [String: String] = [
            "Accept": "application/json", "Host": "localhost", "User-Agent": "testex-local/\(TestexLocal.version)",
        ]
        for word in words {
            guard let colon = word.firstIndex(of: ":"), colon != word.startIndex else {
                throw UsageError("--header needs NAME:VALUE, got '\(word)'")
            }
            headers[String(word[..<colon]).trimmingCharacters(in: .whitespaces)] = String(
                word[word.index(after: colon)...]
            ).trimmingCharacters(in: .whitespaces)
        }
        return headers
    }

    /// Who sends the request: `--as` someone, a `--token` as given, or nobody.
    private static func identity(as word: String?, token: String?) throws -> Identity {
        switch (word, token) {
        case (_?, _?): throw UsageError("give --as or --token, not both")
        case (nil, let token?):
            guard !token.isEmpty, !token.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw UsageError("--token needs a token without spaces")
            }
            return .token(token)
        case (let word, nil): return try caller(for: word ?? "anonymous").map(Identity.caller) ?? .anonymous
        }
    }

    /// `--as admin|system|client:<id>|anonymous` as the caller a token is minted for (nil: anonymous).
    static func caller(for identity: String) throws -> Caller? {
        switch identity {
        case "anonymous": return nil
        case "admin": return Caller(subject: "local-admin", role: .admin)
        case "system": return Caller(subject: "local-system", role: .system)
        case let value where value.hasPrefix("client:"):
            let id = String(value.dropFirst("client:".count))
            guard Validate.isId(id, prefix: "CL") else {
                throw UsageError("--as client:<id> needs a client id such as CL001XYZ")
            }
            return Caller(subject: "local-client-\(id)", role: .client, clientId: id)
        default:
            throw UsageError("--as must be admin, system, client:<client_id> or anonymous")
        }
    }

    /// The claims API Gateway's authorizer would hand over for `caller` (events under `events/`).
    static func claims(for caller: Caller) -> [String: String] {
        var claims = ["sub": caller.subject, "role": caller.role.rawValue, "cognito:username": caller.subject]
        if let clientId = caller.clientId { claims["client_id"] = clientId }
        return claims
    }

    /// The request with `Authorization: Bearer <token>`.
    func authorized(with token: String) -> APIEventBuilder {
        var copy = self
        copy.headers["Authorization"] = "Bearer \(token)"
        return copy
    }

    static func splitQuery(_ target: String) -> (String, [(String, String)]) {
        guard let mark = target.firstIndex(of: "?") else { return (target, []) }
        // A pair without a name (`?=x`, `?&&`) is dropped, as API Gateway drops it.
        let query = target[target.index(after: mark)...].split(separator: "&").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let name = parts.first, !name.isEmpty else { return nil }
            let value = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
            return (name.removingPercentEncoding ?? name, value)
        }
        return (String(target[..<mark]), query)
    }

    private var rawQuery: String {
        query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }

    private func singleValues(_ pairs: [(String, String)]) -> JSONValue {
        pairs.isEmpty
            ? .null
            : .object(Dictionary(pairs.map { ($0.0, JSONValue.string($0.1)) }, uniquingKeysWith: { _, last in last }))
    }

    private func multiValues(_ pairs: [(String, String)]) -> JSONValue {
        pairs.isEmpty
            ? .null : .object(Dictionary(grouping: pairs, by: \.0).mapValues { .array($0.map { .string($0.1) }) })
    }

    private var claimsValue: JSONValue {
        .object((claims ?? [:]).mapValues(JSONValue.string))
    }

    /// A REST API (v1) proxy event as API Gateway sends it.
    func restEvent() -> JSONValue {
        let headerPairs = headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var context: [String: JSONValue] = [
            "accountId": "123456789012", "apiId": "testexlocal", "stage": "local", "requestId": .string(requestID),
            "resourceId": "proxy", "resourcePath": "/{proxy+}", "httpMethod": .string(method),
            "path": .string("/local" + path), "protocol": "HTTP/1.1",
            "requestTime": .string(Self.clfTime(time)),
            "requestTimeEpoch": .number(Decimal(Int(time.timeIntervalSince1970 * 1000))),
            "identity": ["sourceIp": "127.0.0.1", "userAgent": .string(headers["User-Agent"] ?? "testex-local")],
            "domainName": "localhost",
        ]
        if claims != nil { context["authorizer"] = ["claims": claimsValue] }
        return .object([
            "resource": "/{proxy+}", "path": .string(path), "httpMethod": .string(method),
            "headers": singleValues(headerPairs), "multiValueHeaders": multiValues(headerPairs),
            "queryStringParameters": singleValues(query), "multiValueQueryStringParameters": multiValues(query),
            "pathParameters": ["proxy": .string(String(path.dropFirst()))], "stageVariables": .null,
            "requestContext": .object(context), "body": body.map(JSONValue.string) ?? .null,
            "isBase64Encoded": .bool(isBase64Encoded),
        ])
    }

    /// An HTTP API (v2) proxy event as API Gateway sends it.
    func httpEvent() -> JSONValue {
        var context: [String: JSONValue] = [
            "accountId": "123456789012", "apiId": "testexlocal", "domainName": "localhost", "domainPrefix": "localhost",
            "http": [
                "method": .string(method), "path": .string(path), "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1",
                "userAgent": .string(headers["User-Agent"] ?? "testex-local"),
            ],
            "requestId": .string(requestID), "routeKey": "$default", "stage": "$default",
            "time": .string(Self.clfTime(time)), "timeEpoch": .number(Decimal(Int(time.timeIntervalSince1970 * 1000))),
        ]
        if claims != nil { context["authorizer"] = ["jwt": ["claims": claimsValue, "scopes": .null]] }
        var event: [String: JSONValue] = [
            "version": "2.0", "routeKey": "$default", "rawPath": .string(path), "rawQueryString": .string(rawQuery),
            "headers": .object(
                Dictionary(headers.map { ($0.key.lowercased(), JSONValue.string($0.value)) }, uniquingKeysWith: { $1 })
            ),
            "requestContext": .object(context), "isBase64Encoded": .bool(isBase64Encoded),
        ]
        if !query.isEmpty { event["queryStringParameters"] = singleValues(query) }
        if let body { event["body"] = .string(body) }
        return .object(event)
    }

    /// `22/Nov/2026:10:00:00 +0000`, the request time format API Gateway uses.
    static func clfTime(_ date: Date) -> String {
        let parts = UTCParts(date)
        return
            "\(Digits.padded(parts.day, 2))/\(parts.monthName)/\(Digits.padded(parts.year, 4)):\(parts.timeOfDay) +0000"
    }
}
