import Foundation
import Shared

/// The two date forms S3 answers: RFC 7231 in headers (`Wed, 12 Oct 2009 17:50:00 GMT`) and
/// ISO-8601 in XML (`2009-10-12T17:50:30.000Z`).
enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Parses the IMF-fixdate form; nil for anything else.
    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]) else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        let iso = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.000Z", year, monthIndex + 1, day, time[0], time[1], time[2])
        return ISO8601Timestamp.date(from: iso)
    }

    /// An ISO-8601 time from XML, with the epoch for a missing or unreadable one.
    static func iso(_ text: String?) -> Date {
        text.flatMap(ISO8601Timestamp.date(from:)) ?? Date(timeIntervalSince1970: 0)
    }
}
