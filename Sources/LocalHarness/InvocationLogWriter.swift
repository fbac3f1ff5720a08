import Foundation
import Shared

/// Writes each invocation to its function's CloudWatch log stream the way Lambda does: START,
/// the handler's JSON log lines, END and REPORT. One stream per function per process, as one
/// execution environment each.
final class InvocationLogWriter: @unchecked Sendable {
    private let logs: any LogStore
    private let configuration: Configuration
    private let clock: Clock
    private let lock = NSLock()
    private var streams: [FunctionName: String] = [:]
    private var failures: [String] = []

    /// Why log lines could not be written (a full disk), said once after the command so the
    /// command's own output comes first; logs are diagnostics, and a failure does not fail a request.
    var failure: String? {
        lock.withLock { failures.first.map { "could not write \(failures.count) log stream append(s): \($0)" } }
    }

    init(logs: any LogStore, configuration: Configuration, clock: Clock) {
        self.logs = logs
        self.configuration = configuration
        self.clock = clock
    }

    func record(_ invocation: InvocationRecord) async {
        let end = invocation.start.addingTimeInterval(Double(invocation.duration.components.attoseconds) / 1e18 + Double(invocation.duration.components.seconds))
        var lines = [LambdaLogFormat.start(requestId: invocation.requestID, at: invocation.start)]
        lines += invocation.logLines.map { LambdaLogFormat.line($0, at: invocation.start) }
        if let error = invocation.error {
            lines.append(LambdaLogFormat.line(JSON.string(error), at: end))
        }
        let milliseconds = Double(invocation.duration.components.seconds) * 1000 + Double(invocation.duration.components.attoseconds) / 1e15
        lines.append(LambdaLogFormat.end(requestId: invocation.requestID, at: end))
        lines.append(LambdaLogFormat.report(requestId: invocation.requestID, durationMilliseconds: milliseconds, memorySizeMB: 128,
                                            maxMemoryUsedMB: ProcessMemory.peakMegabytes(), at: end))
        do {
            try await logs.append(group: invocation.function.logGroup(configuration), stream: stream(for: invocation.function), lines: lines)
        } catch {
            lock.withLock { failures.append("the \(invocation.function.rawValue) log: \(error)") }
        }
    }

    private func stream(for function: FunctionName) -> String {
        lock.withLock {
            if let stream = streams[function] { return stream }
            let stream = LambdaLogFormat.streamName(date: clock.now())
            streams[function] = stream
            return stream
        }
    }
}

/// The process's peak resident memory, as Lambda reports "Max Memory Used".
enum ProcessMemory {
    static func peakMegabytes() -> Int {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        return max(1, usage.ru_maxrss / 1024)
    }
}
