import Dispatch
import Foundation

/// Runs one invocation against its function's timeout, as Lambda does: whichever comes first,
/// the handler's answer or the timeout. The timeout is kept by a Dispatch timer on a serial queue
/// of its own, not a task, so it fires on time even when the concurrency pool is busy; at the
/// timeout the handler's task is cancelled, so a handler waiting on anything cancellable (a sleep,
/// I/O through async APIs) stops there. The handler's task is always awaited: nothing outlives
/// the invocation.
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

    /// A serial queue gets a thread of its own even when the pool's are all taken.
    private static let timers = DispatchQueue(label: "testex.invocation-timeouts")

    /// The outcome, and how long the invocation ran until it was decided.
    static func run(
        within timeout: TimeInterval,
        _ body: @escaping @Sendable () async throws -> Data
    ) async -> (Outcome, Duration) {
        let started = ContinuousClock.now
        // The first of the handler's answer and the timer's firing.
        let race = Locked<(Outcome, Duration)?>(nil)
        let handler = Task { () -> Outcome in
            do { return .returned(try await body()) } catch { return .threw(error) }
        }
        let timer = DispatchWorkItem {
            if decide(race, .timedOut, after: ContinuousClock.now - started) { handler.cancel() }
        }
        timers.asyncAfter(deadline: .now() + max(0, timeout), execute: timer)
        let answer = await withTaskCancellationHandler {
            await handler.value
        } onCancel: {
            handler.cancel()
        }
        timer.cancel()
        _ = decide(race, answer, after: ContinuousClock.now - started)
        return race.withLock { $0! }
    }

    /// Records `outcome` unless the race was already decided; whether it was recorded.
    private static func decide(
        _ race: Locked<(Outcome, Duration)?>,
        _ outcome: Outcome,
        after elapsed: Duration
    ) -> Bool {
        race.withLock { decided in
            guard decided == nil else { return false }
            decided = (outcome, elapsed)
            return true
        }
    }
}
