import Foundation
import Shared

/// How Lambda handles a function's asynchronous invocations (its `EventInvokeConfig`), with
/// Lambda's defaults: two retries after a function error, one minute before the first retry and
/// two before the second, and events discarded after six hours in the queue.
public struct EventInvokeConfig: Sendable, Hashable {
    /// Retries after the first attempt (Lambda allows 0...2).
    public var maximumRetryAttempts: Int
    /// The wait before each retry, in seconds: element 0 before the first retry.
    public var retryDelays: [TimeInterval]
    /// How long an event may wait in the queue before Lambda discards it.
    public var maximumEventAge: TimeInterval

    public init(
        maximumRetryAttempts: Int = 2,
        retryDelays: [TimeInterval] = [60, 120],
        maximumEventAge: TimeInterval = 6 * 3600
    ) {
        self.maximumRetryAttempts = maximumRetryAttempts
        self.retryDelays = retryDelays
        self.maximumEventAge = maximumEventAge
    }

    public static let lambdaDefault = EventInvokeConfig()

    /// The wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int) -> TimeInterval {
        guard !retryDelays.isEmpty else { return 0 }
        return retryDelays[min(retry, retryDelays.count) - 1]
    }
}
