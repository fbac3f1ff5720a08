import Foundation
import Shared

/// An API request as the routes see it: method, path segments, query, body, caller.
struct Request: Sendable {
    /// Lambda's synchronous invocation payload limit.
    static let maximumBodyBytes = 6 * 1024 * 1024

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
    }

    /// HTTP APIs with a named stage keep it in `rawPath` (`/prod/api/...`); routes start at `/api`.
    static func stripStage(_ path: String, stage: String?) -> String {
        guard let stage, stage != "$default", !stage.isEmpty, path.hasPrefix("/\(stage)/") else { return path }
        return String(path.dropFirst(stage.count + 1))
    }

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The body as a JSON object; an absent body is an empty object.
    func jsonObject() throws -> [String: JSONValue] {
        guard let rawBody, !rawBody.isEmpty else { return [:] }
        let value: JSONValue
        do {
            value = try JSONValueParser.parse(rawBody)
        } catch {
            throw DomainError.malformed("the body is not valid JSON")
        }
        guard case .object(let object) = value else { throw DomainError.malformed("the body must be a JSON object") }
        return object
    }

    /// The page a list asks for through `limit` and `next_token`.
    func pageRequest() throws -> PageRequest {
        var limit: Int?
        if let text = query["limit"] {
            guard let parsed = Int(text) else { throw DomainError.malformed("limit must be a whole number") }
            limit = parsed
        }
        let page = PageRequest(limit: limit, nextToken: query["next_token"])
        _ = try page.validatedLimit()
        return page
    }
}
