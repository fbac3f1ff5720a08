import AWSEvents
import Foundation
import Shared
import WireFormat

/// An API request as the routes see it: method, path segments, query, body, caller.
struct Request: Sendable {
    /// Lambda's synchronous invocation payload limit.
    static let maximumBodyBytes = LambdaLimits.maximumPayloadBytes
    /// A JSON body other than an upload's: ample for every field the API takes.
    static let maximumJSONBytes = 64 * 1024
    /// Longer paths are refused before routing.
    static let maximumPathBytes = 2048

    let method: String
    let path: String
    let query: [String: String]
    let headers: [String: String]
    let rawBody: Data?
    let claims: [String: String]
    let requestID: String

    init(event: APIGatewayEvent, fallbackRequestID: String) throws {
        method = event.method
        path = Request.stripStage(event.path, stage: event.stage)
        query = event.queryParameters
        headers = event.headers
        claims = event.claims
        requestID = event.requestId ?? fallbackRequestID
        do {
            rawBody = try event.decodedBody()
        } catch {
            throw DomainError.malformed("the body is marked isBase64Encoded but is not valid base64")
        }
        if let rawBody, rawBody.count > Request.maximumBodyBytes {
            throw DomainError.tooLarge("the body is \(rawBody.count) bytes; the limit is \(Request.maximumBodyBytes)")
        }
        guard path.utf8.count <= Request.maximumPathBytes else {
            throw DomainError.malformed("the path is longer than \(Request.maximumPathBytes) bytes")
        }
    }

    /// HTTP APIs with a named stage keep it in `rawPath` (`/prod/api/...`); routes start at `/api`.
    static func stripStage(_ path: String, stage: String?) -> String {
        guard let stage, stage != "$default", !stage.isEmpty, path.hasPrefix("/\(stage)/") else { return path }
        return String(path.dropFirst(stage.count + 1))
    }

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The body as a JSON object of at most `maximumBytes` and `JSONLimits.maximumBodyDepth`
    /// levels; an absent body is an empty object.
    func jsonObject(maximumBytes: Int = Request.maximumJSONBytes) throws -> [String: JSONValue] {
        guard let rawBody, !rawBody.isEmpty else { return [:] }
        guard rawBody.count <= maximumBytes else {
            throw DomainError.tooLarge("the body is \(rawBody.count) bytes; this route accepts at most \(maximumBytes)")
        }
        guard JSONLimits.depth(of: rawBody, limit: JSONLimits.maximumBodyDepth) != nil else {
            throw DomainError.malformed(
                "the body nests objects and arrays deeper than \(JSONLimits.maximumBodyDepth) levels"
            )
        }
        let value: JSONValue
        do {
            value = try JSONValueParser.parse(rawBody)
        } catch {
            throw DomainError.malformed("the body is not valid JSON")
        }
        guard case .object(let object) = value else { throw DomainError.malformed("the body must be a JSON object") }
        return object
    }

    /// A `true`/`false` query parameter; absent is false.
    func flag(_ name: String) throws -> Bool {
        switch query[name]?.lowercased() {
        case nil, "false"?: return false
        case "true"?: return true
        default: throw DomainError.malformed("\(name) must be true or false")
        }
    }

    /// A whole-number query parameter, or nil when absent.
    func integer(_ name: String) throws -> Int? {
        guard let text = query[name] else { return nil }
        guard text.utf8.count <= 18, let value = Int(text) else {
            throw DomainError.malformed("\(name) must be a whole number")
        }
        return value
    }

    /// The page a list asks for through `limit` and `next_token`.
    func pageRequest() throws -> PageRequest {
        let page = PageRequest(limit: try integer("limit"), nextToken: query["next_token"])
        _ = try page.validatedLimit()
        return page
    }
}
