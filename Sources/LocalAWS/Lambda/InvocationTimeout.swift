import Dispatch
import Foundation
import Shared

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
        let handler = Task { () -> Outcome in
            do { return .returned(try await body()) } catch { return .threw(error) }
        }
        // The timer holds only this small race, which lets go of the handler's task (its memory,
        // its answer) as soon as the invocation is decided; a timer source, unlike a work item
        // queued with asyncAfter, is let go of when cancelled rather than at its deadline.
        let race = Race(handler)
        let timer = DispatchSource.makeTimerSource(queue: timers)
        timer.setEventHandler { race.decide(.timedOut, after: ContinuousClock.now - started)?.cancel() }
        timer.schedule(deadline: .now() + max(0, timeout))
        timer.resume()
        let answer = await withTaskCancellationHandler {
            await handler.value
        } onCancel: {
            handler.cancel()
        }
        timer.cancel()
        race.decide(answer, after: ContinuousClock.now - started)
        return race.take()
    }

    /// The first of the handler's answer and the timer's firing, and the handler's task until then.
    private final class Race: Sendable {
        private struct State {
            var handler: Task<Outcome, Never>?
            var decided: (Outcome, Duration)?
            var taken = false
        }

        private let state: Locked<State>

        init(_ handler: Task<Outcome, Never>) {
            state = Locked(State(handler: handler))
        }

        /// Records `outcome` unless the race was already decided; the handler's task when it was.
        @discardableResult
        func decide(_ outcome: Outcome, after elapsed: Duration) -> Task<Outcome, Never>? {
            state.withLock { state in
                guard state.decided == nil, !state.taken else { return nil }
                state.decided = (outcome, elapsed)
                defer { state.handler = nil }
                return state.handler
            }
        }

        /// The decided outcome, which the race then no longer holds.
        func take() -> (Outcome, Duration) {
            state.withLock { state in
                state.taken = true
                state.handler = nil
                defer { state.decided = nil }
                return state.decided!
            }
        }
    }
}
