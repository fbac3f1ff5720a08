import Foundation
import WireFormat

/// A Lambda function: a typed event in, a typed result out.
public protocol LambdaHandler: Sendable {
    associatedtype Event: Decodable & Sendable
    associatedtype Output: Encodable & Sendable
    func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

/// Lambda's service limits that shape what a function accepts.
public enum LambdaLimits {
    /// The largest synchronous (RequestResponse) invocation payload.
    public static let maximumPayloadBytes = 6 * 1024 * 1024
}

/// A function as Lambda sees it: bytes in, bytes out.
public protocol ByteHandler: Sendable {
    func handle(_ payload: Data, context: LambdaContext) async throws -> Data
}

/// Adapts a typed handler to bytes with the project's JSON configuration; an event that does not
/// decode is a malformed request naming the function and the problem.
public struct CodableHandler<Handler: LambdaHandler>: ByteHandler {
    public let handler: Handler

    public init(_ handler: Handler) {
        self.handler = handler
    }

    public func handle(_ payload: Data, context: LambdaContext) async throws -> Data {
        guard payload.count <= LambdaLimits.maximumPayloadBytes else {
            throw DomainError.tooLarge(
                "the event is \(payload.count) bytes; \(context.functionName) accepts at most "
                    + "\(LambdaLimits.maximumPayloadBytes)"
            )
        }
        guard JSONLimits.depth(of: payload, limit: JSONLimits.maximumEventDepth) != nil else {
            throw DomainError.malformed(
                "invalid event for \(context.functionName): nested deeper than \(JSONLimits.maximumEventDepth) levels"
            )
        }
        let event: Handler.Event
        do {
            event = try JSON.decode(Handler.Event.self, from: payload)
        } catch {
            throw DomainError.malformed(
                "invalid event for \(context.functionName): \(DecodingErrorDescription.describe(error))"
            )
        }
        return try JSON.encode(try await handler.handle(event, context: context))
    }
}

/// One readable line for a decoding error: what was wrong and where.
public enum DecodingErrorDescription {
    public static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the document" : path
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "missing field '\(key.stringValue)'\(parent)"
        case .typeMismatch(let type, let context):
            return "wrong type at \(path(context)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "null at \(path(context)): expected \(typeName(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return "invalid value at \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Decimal.Type, is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        default: "\(type)".contains("Dictionary") ? "an object" : "\(type)".contains("Array") ? "an array" : "\(type)"
        }
    }
}
