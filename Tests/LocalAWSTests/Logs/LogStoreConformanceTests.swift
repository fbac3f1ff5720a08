import Foundation
import LocalAWS
import Shared
import Testing
import WireFormat

@Suite("LogStore conformance")
struct LogStoreConformanceTests {
    private func at(_ seconds: Double) -> Date { referenceDate.addingTimeInterval(seconds) }

    @Test(arguments: LogStoreKind.allCases)
    func appendedLinesReadBackInOrderWithTheirTimestamps(kind: LogStoreKind) async throws {
        try await kind.withStore { store throws in
            let lines = [
                LambdaLogFormat.start(requestId: "r1", at: at(0)), LambdaLogFormat.end(requestId: "r1", at: at(0.012)),
            ]
            try await store.append(group: apiGatewayGroup, stream: lambdaStream, lines: lines)
            try await store.append(group: apiGatewayGroup, stream: lambdaStream, lines: ["plain line"])
            let events = try await store.read(group: apiGatewayGroup, stream: lambdaStream)
            #expect(events.map(\.line) == lines + ["plain line"])
            #expect(
                events.map(\.message) == ["START RequestId: r1 Version: $LATEST", "END RequestId: r1", "plain line"]
            )
            #expect(events[0].timestamp == ISO8601Timestamp.truncatedToMilliseconds(at(0)))
            #expect(events[2].timestamp == nil)
            #expect(events.allSatisfy { $0.stream == lambdaStream })
        }
    }

    @Test(arguments: LogStoreKind.allCases)
    func textWithLineBreaksBecomesSeveralEvents(kind: LogStoreKind) async throws {
        try await kind.withStore { store throws in
            try await store.append(group: "g", stream: "s", lines: ["one\ntwo\r\nthree\rfour", "", "tabs\tstay"])
            #expect(
                try await store.read(group: "g", stream: "s").map(\.line) == [
                    "one", "two", "three", "four", "", "tabs\tstay",
                ]
            )
        }
    }

    @Test(arguments: LogStoreKind.allCases)
    func unicodeLineBreaksSplitAndOtherTextStaysOneLine(kind: LogStoreKind) async throws {
        try await kind.withStore { store throws in
            let lines = [
                "next\u{85}line\u{2028}sep\u{2029}para", "vt\u{0B}ff\u{0C}end", "café {\"a\":\"b\\nc\"}", "plain",
            ]
            try await store.append(group: "g", stream: "s", lines: lines)
            #expect(
                try await store.read(group: "g", stream: "s").map(\.line) == [
                    "next", "line", "sep", "para", "vt", "ff", "end", "café {\"a\":\"b\\nc\"}", "plain",
                ]
            )
        }
    }

    @Test(arguments: LogStoreKind.allCases)
    func streamsMergeByTimeAndTailTakesTheLast(kind: LogStoreKind) async throws {
        try await kind.withStore { store throws in
            let other = "2026/11/18/[$LATEST]ffffffffffffffffffffffffffffffff"
            try await store.append(
                group: apiGatewayGroup,
                stream: lambdaStream,
                lines: [
                    LambdaLogFormat.line("a1", at: at(1)), "a1 continued", LambdaLogFormat.line("a3", at: at(3)),
                ]
            )
            try await store.append(
                group: apiGatewayGroup,
                stream: other,
                lines: [
                    LambdaLogFormat.line("b0", at: at(0)), LambdaLogFormat.line("b2", at: at(2)),
                ]
            )
            let merged = try await store.read(group: apiGatewayGroup, stream: nil)
            #expect(merged.map(\.message) == ["b0", "a1", "a1 continued", "b2", "a3"])
            #expect(try await store.tail(group: apiGatewayGroup, count: 2).map(\.message) == ["b2", "a3"])
            #expect(try await store.tail(group: apiGatewayGroup, count: 100).count == 5)
            #expect(try await store.streams(group: apiGatewayGroup) == [lambdaStream, other])
        }
    }

    @Test(arguments: LogStoreKind.allCases)
    func streamsWhoseLastEventIsOlderThanTheCutoffAreDeleted(kind: LogStoreKind) async throws {
        try await kind.withStore { store throws in
            let old = [LambdaLogFormat.line("a", at: at(0)), LambdaLogFormat.line("b", at: at(10))]
            try await store.append(group: "g", stream: "old", lines: old)
            let recent = [LambdaLogFormat.line("c", at: at(5)), LambdaLogFormat.line("d", at: at(30))]
            try await store.append(group: "g", stream: "recent", lines: recent)
            try await store.append(group: "g", stream: "untimed", lines: ["no timestamp"])
            try await store.append(group: "other", stream: "old", lines: [LambdaLogFormat.line("e", at: at(0))])
            try await store.deleteStreams(group: "g", lastEventBefore: at(20))
            #expect(try await store.streams(group: "g") == ["recent", "untimed"])
            #expect(try await store.streams(group: "other") == ["old"])
            try await store.deleteStreams(group: "none", lastEventBefore: at(20))
        }
    }

    @Test(arguments: LogStoreKind.allCases)
    func tailIsTheEndOfTheMergedReadWhenStreamsAreInOrder(kind: LogStoreKind) async throws {
        try await kind.withStore { store throws in
            for stream in ["s1", "s2", "s3"] {
                let offset = Double(stream.last!.wholeNumberValue!) / 10
                let lines = (0..<60).map { LambdaLogFormat.line("\(stream) \($0)", at: at(Double($0) + offset)) }
                try await store.append(group: "g", stream: stream, lines: lines)
            }
            let all = try await store.read(group: "g", stream: nil)
            for count in [1, 7, 60, 179, 180, 500] {
                #expect(try await store.tail(group: "g", count: count) == Array(all.suffix(count)), "\(count)")
            }
        }
    }

    @Test(arguments: LogStoreKind.allCases)
    func groupsAreListedAndUnknownOnesReadEmpty(kind: LogStoreKind) async throws {
        try await kind.withStore { store throws in
            try await store.append(
                group: "/aws/lambda/development-testex-contract-processor",
                stream: "s",
                lines: ["x"]
            )
            try await store.append(group: apiGatewayGroup, stream: "s", lines: ["y"])
            #expect(try await store.groups() == [apiGatewayGroup, "/aws/lambda/development-testex-contract-processor"])
            #expect(try await store.read(group: "/aws/lambda/none", stream: nil).isEmpty)
            #expect(try await store.read(group: apiGatewayGroup, stream: "none").isEmpty)
            #expect(try await store.streams(group: "/aws/lambda/none").isEmpty)
        }
    }

    @Test(
        arguments: LogStoreKind.allCases,
        [
            ("", "s"), ("bad group name", "s"), ("g", ""), ("g", "a:b"),
            ("g", "a*b"), ("g", "new\nline"), (String(repeating: "g", count: 513), "s"),
            ("g", String(repeating: "s", count: 300)),
        ]
    )
    func invalidNamesAreRejected(kind: LogStoreKind, names: (String, String)) async throws {
        try await kind.withStore { store throws in
            await #expect(throws: LogStoreError.self) {
                try await store.append(group: names.0, stream: names.1, lines: ["x"])
            }
            #expect(try await store.groups().isEmpty)
        }
    }

    @Test(arguments: LogStoreKind.allCases)
    func concurrentAppendsNeverInterleaveWithinAnAppend(kind: LogStoreKind) async throws {
        try await kind.withStore { store throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for round in 0..<20 {
                            let lines = (0..<5).map {
                                "w\(writer) r\(round) l\($0) " + String(repeating: "x", count: 200)
                            }
                            try await store.append(group: "g", stream: "s", lines: lines)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let lines = try await store.read(group: "g", stream: "s").map(\.line)
            #expect(lines.count == 8 * 20 * 5)
            for batch in stride(from: 0, to: lines.count, by: 5) {
                let prefix = lines[batch].split(separator: " ").prefix(2)
                #expect((0..<5).allSatisfy { lines[batch + $0].hasPrefix(prefix.joined(separator: " ") + " l\($0) ") })
            }
        }
    }
}
