import Foundation
import LocalAWS
import Shared
import WireFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes each invocation to its function's CloudWatch log stream the way Lambda does: START,
/// the handler's JSON log lines, END and REPORT (with the declared memory size, `Init Duration`
/// on a cold start, `Status: timeout` and the `Task timed out` line when stopped). One stream per
/// function per UTC day (`LambdaLogFormat.dailyStreamName`); streams older than the retention
/// are deleted when a process first writes a group, as CloudWatch expires them.
final class InvocationLogWriter: @unchecked Sendable {
    private let logs: any LogStore
    private let configuration: Configuration
    private let clock: Clock
    private let retentionDays: Int
    private let expiredGroups = Locked<Set<String>>([])
    private let failures = Locked<[String]>([])

    /// Why log lines could not be written (a full disk), said once after the command so the
    /// command's own output comes first; logs are diagnostics, and a failure does not fail a request.
    var failure: String? {
        failures.withLock { all in all.first.map { "could not write \(all.count) log stream append(s): \($0)" } }
    }

    init(
        logs: any LogStore,
        configuration: Configuration,
        clock: Clock,
        retentionDays: Int? = nil
    ) {
        self.logs = logs
        self.configuration = configuration
        self.clock = clock
        self.retentionDays = retentionDays ?? LogRetention.days(configuration.environment)
    }

    func record(_ invocation: InvocationRecord) async {
        let group = invocation.function.logGroup(configuration)
        let stream = LambdaLogFormat.dailyStreamName(group: group, date: invocation.start)
        do {
            try await logs.append(group: group, stream: stream, lines: lines(of: invocation))
            try await expireOnce(group)
        } catch {
            failures.withLock { $0.append("the \(invocation.function.rawValue) log: \(error)") }
        }
    }

    private func lines(of invocation: InvocationRecord) -> [String] {
        let end = invocation.start.addingTimeInterval(invocation.duration.seconds)
        var lines = [LambdaLogFormat.start(requestId: invocation.requestID, at: invocation.start)]
        lines += invocation.logLines.map { LambdaLogFormat.line($0, at: invocation.start) }
        if invocation.timedOut {
            let message =
                "\(invocation.requestID) \(LambdaLogFormat.timedOut(afterSeconds: invocation.duration.seconds))"
            lines.append(LambdaLogFormat.line(message, at: end))
        } else if let error = invocation.error {
            lines.append(LambdaLogFormat.line(JSON.string(error), at: end))
        }
        lines.append(LambdaLogFormat.end(requestId: invocation.requestID, at: end))
        lines.append(
            LambdaLogFormat.report(
                requestId: invocation.requestID,
                durationMilliseconds: invocation.duration.seconds * 1000,
                memorySizeMB: invocation.memorySizeMB,
                maxMemoryUsedMB: ProcessMemory.peakMegabytes(),
                initDurationMilliseconds: invocation.initDuration.map { $0.seconds * 1000 },
                timedOut: invocation.timedOut,
                at: end
            )
        )
        return lines
    }

    /// Deletes the group's streams older than the retention, once per process and group.
    private func expireOnce(_ group: String) async throws {
        let first = expiredGroups.withLock { $0.insert(group).inserted }
        guard first else { return }
        let cutoff = clock.now().addingTimeInterval(-Double(retentionDays) * 86_400)
        try await logs.deleteStreams(group: group, lastEventBefore: cutoff)
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// The process's peak resident memory, as Lambda reports "Max Memory Used".
enum ProcessMemory {
    static func peakMegabytes() -> Int {
        var usage = rusage()
        #if canImport(Darwin)
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        // Darwin reports bytes.
        return max(1, usage.ru_maxrss / (1024 * 1024))
        #else
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        // Linux reports kilobytes.
        return max(1, usage.ru_maxrss / 1024)
        #endif
    }
}
