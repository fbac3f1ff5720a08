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

/// The one timestamp format written everywhere (ISO-8601 UTC with milliseconds), tolerant parsing
/// of the variants AWS sends (with or without fractional seconds), and `YYYY-MM-DD` dates.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// Parses ISO-8601 date-times with or without fractional seconds, `Z` or an offset.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted)) {
            return date
        }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// The calendar day (UTC) of a date, as `YYYY-MM-DD`.
    public static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash))
    }

    /// Parses a strict `YYYY-MM-DD` calendar date (a real day: no 2026-02-30).
    public static func parseDay(_ text: String) -> Date? {
        guard text.utf8.count == 10, text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil,
              let date = try? Date(text, strategy: .iso8601.year().month().day().dateSeparator(.dash)) else { return nil }
        return day(date) == text ? date : nil
    }
}
