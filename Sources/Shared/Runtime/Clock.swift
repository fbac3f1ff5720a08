import Foundation

/// The current time, as an effect: live in production, fixed by `TESTEX_NOW` for reproducible runs.
public struct Clock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let live = Clock { Date() }

    public static func constant(_ date: Date) -> Clock {
        Clock { date }
    }
}
