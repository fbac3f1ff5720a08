import Foundation
import Testing
import WireFormat

@testable import LocalAWS
@testable import LocalHarness
@testable import Shared

/// The log streams Lambda's way, bounded as CloudWatch's retention bounds them.
@Suite("Function logs and their retention")
struct LogRetentionTests {
    static let start = Timestamp.parse("2026-11-01T00:00:00Z")!

    static func record(
        _ function: FunctionName,
        at date: Date,
        initDuration: Duration? = nil,
        timedOut: Bool = false
    ) -> InvocationRecord {
        InvocationRecord(
            function: function,
            requestID: IDGenerator.requestID(),
            start: date,
            duration: .milliseconds(1234),
            logLines: [#"{"level":"INFO","message":"hello"}"#],
            error: timedOut ? .timedOut(requestID: "r", after: .seconds(1)) : nil,
            memorySizeMB: function.settings.memorySizeMB,
            initDuration: initDuration,
            timedOut: timedOut
        )
    }

    @Test func fourThousandRequestsLeaveALogDirectoryBoundedByTheRetention() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("testex-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = FileLogStore(root: root)
        let retention = 7
        var now = Self.start
        // 2,000 commands of two invocations each, 20 minutes apart: 27 days of use.
        for command in 0..<2000 {
            let time = now
            let writer = InvocationLogWriter(
                logs: store,
                configuration: Configuration(),
                clock: Clock { time },
                retentionDays: retention
            )
            await writer.record(Self.record(.apiGateway, at: now, initDuration: .microseconds(80)))
            await writer.record(Self.record(command.isMultiple(of: 2) ? .contractProcessor : .databaseManager, at: now))
            now = now.addingTimeInterval(20 * 60)
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".log") }
        let days = Int(now.timeIntervalSince(Self.start) / 86_400)
        #expect(days > retention + 2)
        #expect(files.count <= 3 * (retention + 2), "\(files.count) log files for \(days) days of use")
        #expect(files.count >= 3 * retention, "the last \(retention) days are kept: \(files.count) files")
        let group = FunctionName.apiGateway.logGroup(Configuration())
        let kept = try await store.read(group: group, stream: nil)
        let oldest = try #require(kept.compactMap(\.timestamp).min())
        #expect(oldest >= now.addingTimeInterval(-Double(retention + 1) * 86_400))
        #expect(
            try await store.tail(group: group, count: 4).map(\.message).last?.hasPrefix("REPORT RequestId: ") == true
        )
    }

    @Test func theRetentionIsTheTemplatesByEnvironment() {
        #expect(LogRetention.days(.development) == 30)
        #expect(LogRetention.days(.production) == 365)
    }

    @Test func reportLinesCarryTheDeclaredMemoryTheInitDurationAndATimeout() async throws {
        let store = MemoryLogStore()
        let writer = InvocationLogWriter(logs: store, configuration: Configuration(), clock: .constant(Self.start))
        await writer.record(Self.record(.fileHandler, at: Self.start, initDuration: .microseconds(1500)))
        await writer.record(Self.record(.fileHandler, at: Self.start, timedOut: true))
        let lines = try await store.read(group: FunctionName.fileHandler.logGroup(Configuration()), stream: nil).map(
            \.message
        )
        let reports = lines.filter { $0.hasPrefix("REPORT ") }
        #expect(reports.count == 2)
        #expect(
            reports[0].hasSuffix(
                "\tDuration: 1234.00 ms\tBilled Duration: 1234 ms\tMemory Size: 512 MB\tMax Memory Used: "
                    + reports[0].split(separator: "\t")[4].dropFirst("Max Memory Used: ".count)
                    + "\tInit Duration: 1.50 ms"
            )
        )
        #expect(reports[1].hasSuffix("\tStatus: timeout") && !reports[1].contains("Init Duration"))
        #expect(lines.contains { $0.hasSuffix(" Task timed out after 1.23 seconds") })
        let streams = try await store.streams(group: FunctionName.fileHandler.logGroup(Configuration()))
        #expect(
            streams == [
                LambdaLogFormat.dailyStreamName(
                    group: FunctionName.fileHandler.logGroup(Configuration()),
                    date: Self.start
                )
            ]
        )
    }
}
