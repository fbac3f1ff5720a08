import Foundation

/// Runs one invocation against its function's timeout, as Lambda does: whichever comes first,
/// the handler's answer or the timeout. At the timeout the handler's task is cancelled, so a
/// handler waiting on anything cancellable (a sleep, I/O through async APIs) stops there.
enum InvocationTimeout {
    enum Outcome: Sendable {
        case returned(Data)
        case threw(any Error)
        case timedOut

        var isTimeout: Bool {
            if case .timedOut = self { return true }
            return false
        }
    }

    /// What a task of the race ends with; the timer's sleep is cancelled once the handler answers
    /// (or with the invocation itself, and then the handler's outcome decides).
    private enum Finish: Sendable {
        case outcome(Outcome)
        case timerCancelled
    }

    static func run(within timeout: TimeInterval, _ body: @escaping @Sendable () async throws -> Data) async -> Outcome {
        await withTaskGroup(of: Finish.self) { group in
            group.addTask {
                do { return .outcome(.returned(try await body())) } catch { return .outcome(.threw(error)) }
            }
            group.addTask {
                do {
                    try await Task.sleep(nanoseconds: UInt64(max(0, timeout) * 1_000_000_000))
                    return .outcome(.timedOut)
                } catch {
                    return .timerCancelled
                }
            }
            for await finish in group {
                guard case .outcome(let outcome) = finish else { continue }
                group.cancelAll()
                return outcome
            }
            return .threw(CancellationError())
        }
    }
}
