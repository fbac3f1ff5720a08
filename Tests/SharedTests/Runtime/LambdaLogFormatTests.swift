import Foundation
import Shared
import Testing

@Suite("LambdaLogFormat")
struct LambdaLogFormatTests {
    let date = Date(timeIntervalSince1970: 1_795_000_000.123)
    let requestId = "8f507cfc-1a2b-4697-b07a-ac58fc914c95"

    @Test func startEndAndReportLinesReadAsLambdaWritesThem() {
        #expect(
            LambdaLogFormat.start(requestId: requestId, at: date)
                == "2026-11-18T11:06:40.123Z\tSTART RequestId: \(requestId) Version: $LATEST"
        )
        #expect(
            LambdaLogFormat.end(requestId: requestId, at: date)
                == "2026-11-18T11:06:40.123Z\tEND RequestId: \(requestId)"
        )
        #expect(
            LambdaLogFormat.report(
                requestId: requestId,
                durationMilliseconds: 12.34,
                memorySizeMB: 128,
                maxMemoryUsedMB: 20,
                at: date
            )
                == "2026-11-18T11:06:40.123Z\tREPORT RequestId: \(requestId)\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB"
        )
    }

    @Test(arguments: [(0.0, 1), (0.2, 1), (1.0, 1), (1.01, 2), (12.34, 13), (999.999, 1000)])
    func billedDurationRoundsUpToTheMillisecond(duration: Double, billed: Int) {
        let line = LambdaLogFormat.report(
            requestId: "r",
            durationMilliseconds: duration,
            memorySizeMB: 128,
            maxMemoryUsedMB: 1,
            at: date
        )
        #expect(line.contains("\tBilled Duration: \(billed) ms\t"))
    }

    @Test func coldStartsReportTheInitDuration() {
        let line = LambdaLogFormat.report(
            requestId: "r",
            durationMilliseconds: 1,
            memorySizeMB: 128,
            maxMemoryUsedMB: 1,
            initDurationMilliseconds: 150.5,
            at: date
        )
        #expect(line.hasSuffix("\tMax Memory Used: 1 MB\tInit Duration: 150.50 ms"))
    }

    @Test(arguments: [
        (FunctionName.contractProcessor, "contract-processor"), (.apiGateway, "api-gateway"),
        (.notificationService, "notification-service"), (.fileHandler, "file-handler"),
        (.databaseManager, "database-manager"),
    ])
    func groupNamesUseTheDeployedFunctionName(function: FunctionName, kebab: String) {
        #expect(function.logGroup(Configuration()) == "/aws/lambda/development-testex-\(kebab)")
        #expect(FunctionName(lenient: kebab) == function)
        #expect(FunctionName(lenient: "production-testex-\(kebab)") == function)
    }

    @Test func streamNamesCarryTheDateVersionAndInstance() {
        #expect(
            LambdaLogFormat.streamName(date: date, instanceId: "0123456789abcdef0123456789abcdef")
                == "2026/11/18/[$LATEST]0123456789abcdef0123456789abcdef"
        )
        #expect(LambdaLogFormat.streamName(date: date).wholeMatch(of: /2026\/11\/18\/\[\$LATEST\][0-9a-f]{32}/) != nil)
    }

    @Test func applicationOutputIsOneLinePerLineWithRequestIdAndLevel() {
        #expect(
            LambdaLogFormat.applicationLines("first\nsecond", requestId: "r", level: "ERROR", at: date)
                == ["2026-11-18T11:06:40.123Z\tr\tERROR\tfirst", "2026-11-18T11:06:40.123Z\tr\tERROR\tsecond"]
        )
    }

    @Test func logEventsSplitTheTimestampFromTheMessage() {
        let event = LogEvent(stream: "s", line: LambdaLogFormat.end(requestId: "r", at: date))
        #expect(event.timestamp == Date(timeIntervalSince1970: 1_795_000_000.123))
        #expect(event.message == "END RequestId: r")
        #expect(LogEvent(stream: "s", line: "no\ttimestamp").timestamp == nil)
        #expect(LogEvent(stream: "s", line: "no\ttimestamp").message == "no\ttimestamp")
    }
}
