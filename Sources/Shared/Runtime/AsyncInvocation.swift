import Foundation
import WireFormat

/// What Lambda answers an Event invoke: 202 and the request id the function will run under.
public struct AsyncInvocationReceipt: Codable, Sendable, Hashable {
    public var statusCode: Int
    public var requestId: String

    /// Lambda's limit on the payload of an asynchronous invocation.
    public static let maximumPayloadSize = 1024 * 1024

    enum CodingKeys: String, CodingKey {
        case statusCode = "StatusCode"
        case requestId = "RequestId"
    }

    public init(requestId: String) {
        self.statusCode = 202
        self.requestId = requestId
    }
}

/// Places in the invocation queue: nanoseconds of the wall clock (never the fixed `TESTEX_NOW`
/// clock), strictly increasing within a process, so items queued by one process run in the order
/// they were queued and items of several processes interleave by time.
public enum QueueSequence {
    private static let state = Locked<UInt64>(0)

    /// The next place: after every place this process handed out.
    public static func next() -> UInt64 {
        let now = UInt64(max(0, Date().timeIntervalSince1970 * 1_000_000_000))
        return state.withLock {
            $0 = max(now, $0 + 1)
            return $0
        }
    }
}
