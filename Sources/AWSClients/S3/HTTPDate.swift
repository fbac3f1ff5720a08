import Foundation
import Shared
import WireFormat

/// The two date forms S3 answers: RFC 7231 in headers (`Wed, 12 Oct 2009 17:50:00 GMT`) and
/// ISO-8601 in XML (`2009-10-12T17:50:30.000Z`).
enum HTTPDate {
    /// Parses the IMF-fixdate form; nil for anything else.
    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]),
            let monthIndex = UTCParts.monthNames.firstIndex(of: String(parts[2])), let year = Int(parts[3])
        else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        let iso =
            Digits.padded(year, 4) + "-" + Digits.padded(monthIndex + 1, 2) + "-" + Digits.padded(day, 2) + "T"
            + Digits.padded(time[0], 2) + ":" + Digits.padded(time[1], 2) + ":" + Digits.padded(time[2], 2) + ".000Z"
        return ISO8601Timestamp.date(from: iso)
    }

    /// An ISO-8601 time from XML, with the epoch for a missing or unreadable one.
    static func iso(_ text: String?) -> Date {
        text.flatMap(ISO8601Timestamp.date(from:)) ?? Date(timeIntervalSince1970: 0)
    }
}
