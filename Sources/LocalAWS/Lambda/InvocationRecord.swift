import Foundation
import Shared

/// What the local Lambda reports about each invocation (the harness writes it to the log stream).
public struct InvocationRecord: Sendable {
    public let function: FunctionName
    public let requestID: String
    public let start: Date
    public let duration: Duration
    public let logLines: [String]
    public let error: FunctionError?
    /// The function's configured memory size.
    public let memorySizeMB: Int
    /// How long the function's initialization took, on the first invocation of its execution
    /// environment (a cold start); nil otherwise.
    public let initDuration: Duration?
    /// Whether the invocation was stopped at its timeout.
    public let timedOut: Bool
}
