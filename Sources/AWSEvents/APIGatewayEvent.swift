import Foundation
import WireFormat

/// An API Gateway proxy event of either payload version, read through one view by the API front door.
public enum APIGatewayEvent: Sendable {
    case v1(APIGatewayRequest)
    case v2(APIGatewayV2Request)
}

extension APIGatewayEvent: Codable {
    // Only what tells the versions apart; REST events may carry `version: "1.0"` or none at all.
    private struct Shape: Decodable {
        struct Context: Decodable { let http: JSONValue? }
        let version: String?
        let rawPath: String?
        let routeKey: String?
        let requestContext: Context?

        var isV2: Bool {
            if version == "2.0" { return true }
            return (rawPath != nil || routeKey != nil) && requestContext?.http != nil
        }
    }

    public init(from decoder: Decoder) throws {
        if try Shape(from: decoder).isV2 {
            self = .v2(try APIGatewayV2Request(from: decoder))
        } else {
            self = .v1(try APIGatewayRequest(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .v1(let request): try request.encode(to: encoder)
        case .v2(let request): try request.encode(to: encoder)
        }
    }
}

extension APIGatewayEvent {
    /// The HTTP method, upper-cased.
    public var method: String {
        switch self {
        case .v1(let request): return request.httpMethod.uppercased()
        case .v2(let request): return request.requestContext.http.method.uppercased()
        }
    }

    /// The request path (v2: `rawPath`, which keeps a stage prefix when the API has one).
    public var path: String {
        switch self {
        case .v1(let request): return request.path
        case .v2(let request): return request.rawPath
        }
    }

    /// Headers as sent; v1 headers present only in `multiValueHeaders` are added, values joined by ",".
    public var headers: [String: String] {
        switch self {
        case .v1(let request):
            var headers = request.headers
            let present = Set(headers.keys.map { $0.lowercased() })
            for (name, values) in request.multiValueHeaders where !present.contains(name.lowercased()) {
                headers[name] = values.joined(separator: ",")
            }
            return headers
        case .v2(let request):
            return request.headers
        }
    }

    /// The value of a header, whatever the case of its name.
    public func header(_ name: String) -> String? {
        let headers = headers
        if let value = headers[name] { return value }
        let wanted = name.lowercased()
        return headers.first { $0.key.lowercased() == wanted }?.value
    }

    /// Query parameters, one value each (v1: the last of repeated ones; v2: repeated ones joined by ",").
    public var queryParameters: [String: String] {
        switch self {
        case .v1(let request):
            var parameters = request.queryStringParameters
            for (name, values) in request.multiValueQueryStringParameters where parameters[name] == nil {
                parameters[name] = values.last
            }
            return parameters
        case .v2(let request):
            guard request.queryStringParameters.isEmpty else { return request.queryStringParameters }
            return Self.parameters(fromQuery: request.rawQueryString)
        }
    }

    public var body: String? {
        switch self {
        case .v1(let request): return request.body
        case .v2(let request): return request.body
        }
    }

    public var isBase64Encoded: Bool {
        switch self {
        case .v1(let request): return request.isBase64Encoded
        case .v2(let request): return request.isBase64Encoded
        }
    }

    /// API Gateway's request id; partial REST events may lack it.
    public var requestId: String? {
        switch self {
        case .v1(let request): return request.requestContext.requestId
        case .v2(let request): return request.requestContext.requestId
        }
    }

    /// The verified caller's claims as text (v1: `authorizer.claims`; v2: `authorizer.jwt.claims`, else
    /// the scalar values of a Lambda authorizer's context).
    public var claims: [String: String] {
        switch self {
        case .v1(let request):
            return request.requestContext.authorizer?.claims ?? [:]
        case .v2(let request):
            guard let authorizer = request.requestContext.authorizer else { return [:] }
            if let claims = authorizer.jwt?.claims, !claims.isEmpty { return claims }
            return (authorizer.lambda ?? [:]).filter { $0.value.isScalar }.claimStrings
        }
    }

    /// The body's bytes: base64-decoded when the event says so, else UTF-8; nil when there is no body.
    public func decodedBody() throws -> Data? {
        guard let body else { return nil }
        guard isBase64Encoded else { return Data(body.utf8) }
        guard let data = Data(base64Encoded: body) else { throw InvalidBase64Body() }
        return data
    }

    /// The event says `isBase64Encoded` but its body is not base64.
    public struct InvalidBase64Body: Error, Equatable, CustomStringConvertible {
        public init() {}
        public var description: String { "the body is marked isBase64Encoded but is not valid base64" }
    }

    // HTTP APIs join repeated parameters with a comma; hand-written events may give only the raw query.
    private static func parameters(fromQuery query: String) -> [String: String] {
        guard !query.isEmpty, let items = URLComponents(string: "?" + query)?.queryItems else { return [:] }
        var parameters: [String: String] = [:]
        for item in items {
            let value = item.value ?? ""
            parameters[item.name] = parameters[item.name].map { $0 + "," + value } ?? value
        }
        return parameters
    }
}

extension APIGatewayEvent {
    /// The API stage the request came through (`$default` for HTTP APIs without a named stage).
    public var stage: String? {
        switch self {
        case .v1(let request): return request.requestContext.stage
        case .v2(let request): return request.requestContext.stage
        }
    }
}
