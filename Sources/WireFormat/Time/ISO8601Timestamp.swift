import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one timestamp text of the stand-ins: ISO-8601 in UTC with milliseconds, as S3 writes
/// `LastModified` and CloudWatch shows event times (`2026-11-22T10:15:30.123Z`).
public enum ISO8601Timestamp {
    /// The date as `yyyy-MM-ddTHH:mm:ss.SSSZ`, truncated to the millisecond.
    public static func string(from date: Date) -> String {
        let parts = UTCParts(date)
        return Digits.padded(parts.year, 4) + "-" + Digits.padded(parts.month, 2) + "-" + Digits.padded(parts.day, 2)
            + "T" + Digits.padded(parts.hour, 2) + ":" + Digits.padded(parts.minute, 2) + ":"
            + Digits.padded(parts.second, 2) + "." + Digits.padded(parts.millisecond, 3) + "Z"
    }

    /// The date without its sub-millisecond part, so a value survives a round trip through text.
    public static func truncatedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    /// Whole milliseconds since 1970, rounded down. A date built from whole milliseconds is
    /// within a rounding error below the integer, which must not lose a millisecond.
    static func milliseconds(_ date: Date) -> Int64 {
        let scaled = date.timeIntervalSince1970 * 1000
        let floor = scaled.rounded(.down)
        return Int64(scaled - floor > 0.999 ? floor + 1 : floor)
    }

    /// Parses RFC 3339 date-times (ISO-8601's internet profile, as AWS writes them): with or
    /// without fractional seconds, `Z` or an offset (`+01:00`, `-0500`); nil when malformed or
    /// not a real time (no 2026-02-30). No formatter or locale is involved.
    public static func date(from text: String) -> Date? {
        var scanner = DateTimeScanner(Array(text.utf8))
        return scanner.dateTime()
    }
}

/// Calendar fields of a date in UTC, computed with gmtime_r so no formatter or locale is involved.
public struct UTCParts: Sendable, Hashable {
    public let year, month, day, hour, minute, second, millisecond: Int
    /// 0 = Sunday ... 6 = Saturday.
    public let weekday: Int

    public init(_ date: Date) {
        let milliseconds = ISO8601Timestamp.milliseconds(date)
        var seconds = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        var fields = tm()
        gmtime_r(&seconds, &fields)
        year = Int(fields.tm_year) + 1900
        month = Int(fields.tm_mon) + 1
        day = Int(fields.tm_mday)
        hour = Int(fields.tm_hour)
        minute = Int(fields.tm_min)
        second = Int(fields.tm_sec)
        millisecond = Int(milliseconds - Int64(seconds) * 1000)
        weekday = Int(fields.tm_wday)
    }
}

extension UTCParts {
    /// English abbreviations, as internet dates (RFC 5322, RFC 9110) and access logs write them.
    public static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public var weekdayName: String { Self.weekdayNames[weekday] }
    public var monthName: String { Self.monthNames[month - 1] }
    /// `10:15:30`.
    public var timeOfDay: String {
        Digits.padded(hour, 2) + ":" + Digits.padded(minute, 2) + ":" + Digits.padded(second, 2)
    }
}
