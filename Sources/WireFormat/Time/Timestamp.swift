import Foundation

/// The domain's names for the one timestamp format (`ISO8601Timestamp`: ISO-8601 UTC with
/// milliseconds, tolerant parsing of AWS's variants), plus `YYYY-MM-DD` calendar days.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        ISO8601Timestamp.string(from: date)
    }

    /// Parses ISO-8601 date-times with or without fractional seconds, `Z` or an offset.
    public static func parse(_ text: String) -> Date? {
        ISO8601Timestamp.date(from: text)
    }

    /// The calendar day (UTC) of a date, as `YYYY-MM-DD`.
    public static func day(_ date: Date) -> String {
        String(ISO8601Timestamp.string(from: date).prefix(10))
    }

    /// Parses a strict `YYYY-MM-DD` calendar date (a real day: no 2026-02-30).
    public static func parseDay(_ text: String) -> Date? {
        guard ASCII.digits(text, as: "9999-99-99"),
            let date = ISO8601Timestamp.date(from: text + "T00:00:00.000Z")
        else { return nil }
        return day(date) == text ? date : nil
    }
}
