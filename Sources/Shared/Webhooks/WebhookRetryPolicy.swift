import Foundation

/// When webhook attempts are made, declared once: the first at once, then retries after 30
/// seconds, 2 minutes, 10 minutes, 1 hour and 6 hours (about 7 hours in all); a delivery whose
/// last attempt fails is dead-lettered. A receiver has `attemptTimeout` to answer.
public struct WebhookRetryPolicy: Sendable, Hashable {
    /// The waits before each retry, in seconds: element 0 before the second attempt.
    public var delays: [TimeInterval]
    public var attemptTimeout: TimeInterval
    /// How long a sender holds a delivery it is attempting; a sender that dies frees it then.
    public var lease: TimeInterval

    public init(
        delays: [TimeInterval] = [30, 120, 600, 3600, 21600],
        attemptTimeout: TimeInterval = 10,
        lease: TimeInterval = 60
    ) {
        self.delays = delays
        self.attemptTimeout = attemptTimeout
        self.lease = lease
    }

    public static let standard = WebhookRetryPolicy()

    /// Attempts in all before a delivery is dead-lettered.
    public var maximumAttempts: Int { delays.count + 1 }

    /// When the attempt after attempt `number` (1 for the first) is due, or nil when it was the last.
    public func nextAttempt(after number: Int, at date: Date) -> Date? {
        guard number >= 1, number <= delays.count else { return nil }
        return date.addingTimeInterval(delays[number - 1])
    }
}
