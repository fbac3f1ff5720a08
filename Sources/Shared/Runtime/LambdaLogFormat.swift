import Foundation
import WireFormat

/// The lines Lambda writes to CloudWatch Logs around an invocation, each prefixed with its
/// ISO-8601 time and a tab as `testex-local logs` shows them:
///
///     2026-11-22T10:15:30.123Z	START RequestId: 6f1c... Version: $LATEST
///     2026-11-22T10:15:30.125Z	6f1c...	INFO	terminating CT001ABC
///     2026-11-22T10:15:30.136Z	END RequestId: 6f1c...
///     2026-11-22T10:15:30.136Z	REPORT RequestId: 6f1c...	Duration: 12.34 ms	Billed Duration: 13 ms	Memory Size: 128 MB
///     	Max Memory Used: 20 MB    (the same REPORT line, wrapped here)
public enum LambdaLogFormat {
    /// Lambda's stream name for an execution environment: `2026/11/22/[$LATEST]<32 hex>`.
    public static func streamName(
        date: Date,
        version: String = "$LATEST",
        instanceId: String = randomInstanceId()
    ) -> String {
        let parts = UTCParts(date)
        return Digits.padded(parts.year, 4) + "/" + Digits.padded(parts.month, 2) + "/" + Digits.padded(parts.day, 2)
            + "/" + "[\(version)]\(instanceId)"
    }

    /// The stream the local runtime writes a group's events of one UTC day to: named as Lambda names
    /// an execution environment's stream, with the same 32 hex digits for every process that day,
    /// so a log group holds one file per day however many commands ran (Lambda opens a stream per
    /// execution environment; locally every command is a new process).
    public static func dailyStreamName(group: String, date: Date) -> String {
        let day = streamName(date: date, instanceId: "")
        // Two FNV-1a hashes with different offset bases: stable across processes, not a secret.
        func fnv(_ basis: UInt64) -> UInt64 {
            (group + "\n" + day).utf8.reduce(basis) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
        }
        let (first, second) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4))
        return day + Digits.hex(first, 16) + Digits.hex(second, 16)
    }

    /// 32 hex digits naming an execution environment; not a secret, so no crypto library is loaded for it.
    public static func randomInstanceId() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in Digits.hex(UInt32.random(in: 0...UInt32.max, using: &generator), 8) }.joined()
    }

    /// `<time>\t<message>`.
    public static func line(_ message: String, at date: Date) -> String {
        ISO8601Timestamp.string(from: date) + "\t" + message
    }

    /// `<time>\tSTART RequestId: <id> Version: $LATEST`.
    public static func start(requestId: String, version: String = "$LATEST", at date: Date) -> String {
        line("START RequestId: \(requestId) Version: \(version)", at: date)
    }

    /// `<time>\tEND RequestId: <id>`.
    public static func end(requestId: String, at date: Date) -> String {
        line("END RequestId: \(requestId)", at: date)
    }

    /// `Task timed out after 3.01 seconds`: how Lambda tells that an invocation ran past its timeout.
    public static func timedOut(afterSeconds seconds: Double) -> String {
        "Task timed out after \(Digits.fixed(seconds, 2)) seconds"
    }

    /// `<time>\tREPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB`
    /// followed by `\tMax Memory Used: 20 MB`, billed per started millisecond (at least 1), with
    /// `Init Duration` after a cold start and `Status: timeout` when the invocation was stopped at its timeout.
    public static func report(
        requestId: String,
        durationMilliseconds: Double,
        memorySizeMB: Int,
        maxMemoryUsedMB: Int,
        initDurationMilliseconds: Double? = nil,
        timedOut: Bool = false,
        at date: Date
    ) -> String {
        let billed = max(1, Int(durationMilliseconds.rounded(.up)))
        var fields = [
            "REPORT RequestId: \(requestId)",
            "Duration: \(Digits.fixed(durationMilliseconds, 2)) ms",
            "Billed Duration: \(billed) ms",
            "Memory Size: \(memorySizeMB) MB",
            "Max Memory Used: \(maxMemoryUsedMB) MB",
        ]
        if let initDurationMilliseconds {
            fields.append("Init Duration: \(Digits.fixed(initDurationMilliseconds, 2)) ms")
        }
        if timedOut { fields.append("Status: timeout") }
        return line(fields.joined(separator: "\t"), at: date)
    }

    /// A function's own log output, one `<time>\t<request id>\t<LEVEL>\t<text>` line per line
    /// of the message, the way Lambda's managed runtimes write it.
    public static func applicationLines(
        _ message: String,
        requestId: String,
        level: String = "INFO",
        at date: Date
    ) -> [String] {
        message.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            line("\(requestId)\t\(level)\t\($0)", at: date)
        }
    }
}
