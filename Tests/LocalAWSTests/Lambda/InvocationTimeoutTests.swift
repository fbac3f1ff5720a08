import Foundation
import Shared
import Testing

@testable import LocalAWS

/// An invocation run against its timeout: what it answers, and that nothing of it is kept once
/// it answered, however long the timeout still has to run.
@Suite struct InvocationTimeoutTests {
    /// An answer of `size` bytes that counts in `freed` when its bytes are let go.
    static func answer(size: Int, freed: Locked<Int>) -> Data {
        let bytes = malloc(size)!
        return Data(
            bytesNoCopy: bytes,
            count: size,
            deallocator: .custom { pointer, _ in
                free(pointer)
                freed.increment()
            }
        )
    }

    @Test func aFinishedInvocationsAnswerIsNotKeptUntilItsTimeout() async throws {
        let freed = Locked(0)
        for _ in 0..<3 {
            let (outcome, _) = await InvocationTimeout.run(within: 600) {
                Self.answer(size: 1 << 20, freed: freed)
            }
            guard case .returned(let data) = outcome else {
                Issue.record("not answered: \(outcome)")
                return
            }
            #expect(data.count == 1 << 20)
        }
        // Each answer went with the caller's copy, not 600 seconds later with the timer.
        #expect(freed.withLock { $0 } == 3)
    }

    @Test func anInvocationPastItsTimeoutIsCancelledAndReportedAsTimedOut() async throws {
        let (outcome, duration) = await InvocationTimeout.run(within: 0.05) {
            try await Task.sleep(for: .seconds(30))
            return Data()
        }
        #expect(outcome.isTimeout)
        #expect(duration < .seconds(10))
    }
}
