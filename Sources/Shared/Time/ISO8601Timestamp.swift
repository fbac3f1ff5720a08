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
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                      parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond)
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

    /// Parses ISO-8601 with or without fractional seconds (AWS writes both); nil when malformed.
    public static func date(from text: String) -> Date? {
        if let date = exactDate(from: text) { return date }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

extension ISO8601Timestamp {
    /// The fast path for the exact form `string(from:)` writes, parsed without a formatter,
    /// since logs and listings parse one per line.
    static func exactDate(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
              bytes[16] == 0x3A, bytes[19] == 0x2E, bytes[23] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millisecond = number(20..<23),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month - 1)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(hour)
        fields.tm_min = Int32(minute)
        fields.tm_sec = Int32(second)
        let seconds = timegm(&fields)
        return Date(timeIntervalSince1970: Double(Int64(seconds) * 1000 + Int64(millisecond)) / 1000)
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
