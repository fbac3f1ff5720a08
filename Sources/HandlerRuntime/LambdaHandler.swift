import Foundation
import Shared
import WireFormat

/// A Lambda function: a typed event in, a typed result out.
public protocol LambdaHandler: Sendable {
    associatedtype Event: Decodable & Sendable
    associatedtype Output: Encodable & Sendable
    func handle(_ event: Event, context: LambdaContext) async throws -> Output
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
