import Foundation
import Shared
import Testing

@Suite("ISO8601Timestamp")
struct ISO8601TimestampTests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(ISO8601Timestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(ISO8601Timestamp.string(from: Date(timeIntervalSince1970: 1_795_000_000.1239)) == "2026-11-18T11:06:40.123Z")
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
