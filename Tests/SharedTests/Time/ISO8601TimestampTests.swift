import Foundation
import Shared
import Testing
import WireFormat

@Suite("ISO8601Timestamp")
struct ISO8601TimestampTests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(ISO8601Timestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(
            ISO8601Timestamp.string(from: Date(timeIntervalSince1970: 1_795_000_000.1239)) == "2026-11-18T11:06:40.123Z"
        )
        #expect(ISO8601Timestamp.string(from: Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test func parsesWithAndWithoutFractionalSeconds() {
        #expect(ISO8601Timestamp.date(from: "2026-11-18T11:06:40Z") == Date(timeIntervalSince1970: 1_795_000_000))
        let parsed = ISO8601Timestamp.date(from: "2026-11-18T11:06:40.123Z")
        #expect(parsed.map(ISO8601Timestamp.string) == "2026-11-18T11:06:40.123Z")
        #expect(ISO8601Timestamp.date(from: "yesterday") == nil)
    }

    @Test(arguments: [0.001, 0.999, 1.001, 1_795_000_000.001, 1_795_000_000.999, 1_234_567_890.123])
    func millisecondsSurviveARoundTripThroughText(seconds: Double) throws {
        let date = ISO8601Timestamp.truncatedToMilliseconds(Date(timeIntervalSince1970: seconds))
        let text = ISO8601Timestamp.string(from: date)
        let parsed = try #require(ISO8601Timestamp.date(from: text))
        #expect(ISO8601Timestamp.string(from: parsed) == text)
        #expect(ISO8601Timestamp.truncatedToMilliseconds(parsed) == date)
    }
}

/// The parser against Foundation's `ISO8601DateFormatter` (the oracle here; the parser itself
/// uses no formatter): the same date for every valid form, nil where it is not a date-time.
@Suite("ISO8601Timestamp parsing")
struct ISO8601TimestampParsingTests {
    static func oracle(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    @Test(arguments: [
        "2026-11-22T10:00:00Z", "2026-11-22T10:00:00.5Z", "2026-11-22T10:00:00.123Z", "1970-01-01T00:00:00.000Z",
        "2026-11-22T10:00:00+01:00", "2026-11-22T10:00:00.250-05:30", "2024-02-29T23:59:59Z",
        "1999-12-31T23:59:59.999Z",
        "2026-11-22T00:30:00+14:00", "2026-01-01T00:00:00-12:00",
    ])
    func validTimesGiveTheFormattersDate(text: String) throws {
        let parsed = try #require(ISO8601Timestamp.date(from: text))
        let expected = try #require(Self.oracle(text))
        #expect(abs(parsed.timeIntervalSince(expected)) < 0.0005, "\(text)")
    }

    @Test(arguments: [
        "", "yesterday", "2026-11-22", "2026-11-22T10:00", "2026-11-22T10:00:00", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T10:60:00Z",
        "2026-11-22T10:00:00.Z", "2026-11-22T10:00:00ZZ", "2026-11-22T10:00:00+1", "2026-11-22 10:00:00Z",
        "２０２６-11-22T10:00:00Z", "2026-11-22T10:00:00+25:00",
    ])
    func malformedTimesAreNil(text: String) {
        #expect(ISO8601Timestamp.date(from: text) == nil, "\(text)")
    }

    @Test func wholeMillisecondsStayExact() throws {
        let parsed = try #require(ISO8601Timestamp.date(from: "2026-11-22T10:00:00.123Z"))
        #expect(ISO8601Timestamp.string(from: parsed) == "2026-11-22T10:00:00.123Z")
        let micro = try #require(ISO8601Timestamp.date(from: "2026-11-22T10:00:00.123456Z"))
        #expect(ISO8601Timestamp.string(from: micro) == "2026-11-22T10:00:00.123Z")
    }
}

@Suite("Digits")
struct DigitsTests {
    @Test func padsAndPrintsFixedDecimalsAsPrintfDoesAwayFromTies() {
        #expect(Digits.padded(7, 3) == "007")
        #expect(Digits.padded(12345, 3) == "12345")
        #expect(Digits.padded(-7, 3) == "-007")
        for value in [0.0, 1.5, 12.3456, 99.999, 1234.5678, -2.25, 3.14159, 0.004] {
            #expect(Digits.fixed(value, 2) == String(format: "%.2f", value), "\(value)")
        }
        #expect(Digits.hex(0xAB, 4) == "00ab")
        #expect(Digits.hex(UInt8(0x2F), 2, uppercase: true) == "2F")
    }
}
