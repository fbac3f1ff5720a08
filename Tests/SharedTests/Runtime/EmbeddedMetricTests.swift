import Foundation
import HandlerRuntime
import Shared
import Testing
import WireFormat

/// A metric line as the Embedded Metric Format specification has it.
@Suite("Embedded Metric Format")
struct EmbeddedMetricTests {
    @Test func aLineHasTheSpecifiedMembersAndReadsBack() throws {
        let lines = Lines()
        let clock = Clock.constant(Timestamp.parse("2026-11-22T10:00:00.250Z")!)
        let logger = Logger(
            function: "development-testex-notification-service",
            requestID: "r-1",
            minimumLevel: .error,
            clock: clock,
            metricDimensions: ["Environment": "development"]
        ) { lines.append($0) }
        logger.metric(.noticesSent, 1, ["Template": "termination-notice"])
        let line = try #require(lines.all.first)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let aws = try #require(root["_aws"] as? [String: Any])
        #expect(aws["Timestamp"] as? Int == 1_795_341_600_250)
        let directive = try #require((aws["CloudWatchMetrics"] as? [[String: Any]])?.first)
        #expect(directive["Namespace"] as? String == "TESTEX")
        #expect(directive["Dimensions"] as? [[String]] == [["Environment"], ["Environment", "Template"]])
        #expect(directive["Metrics"] as? [[String: String]] == [["Name": "NoticesSent", "Unit": "Count"]])
        #expect(root["NoticesSent"] as? Int == 1 && root["Environment"] as? String == "development")
        #expect(root["Template"] as? String == "termination-notice")

        let parsed = EmbeddedMetric.parse(line)
        #expect(parsed.map(\.name) == ["NoticesSent"] && parsed.first?.dimensions["Template"] == "termination-notice")
        #expect(EmbeddedMetric.parse(#"{"level":"INFO","message":"x"}"#).isEmpty)
        #expect(EmbeddedMetric.parse("START RequestId: x").isEmpty)
    }
}

private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
