import Foundation
import LocalAWS
import Shared
import Testing
import WireFormat

@Suite("InvocationQueue conformance")
struct InvocationQueueConformanceTests {
    @Test(arguments: InvocationQueueKind.allCases)
    func claimsComeInQueueOrderAndOnlyWhenDue(kind: InvocationQueueKind) async throws {
        try await kind.withQueue { queue throws in
            for sequence: UInt64 in [30, 10, 20] { try await queue.enqueue(queuedInvocation(sequence)) }
            try await queue.enqueue(queuedInvocation(5, due: referenceDate.addingTimeInterval(60)))
            #expect(try await queue.pending().map(\.sequence) == [5, 10, 20, 30])
            var claimed: [UInt64] = []
            while let next = try await queue.claimNext(dueAt: referenceDate) { claimed.append(next.sequence) }
            #expect(claimed == [10, 20, 30], "the item due in a minute waits")
            #expect(try await queue.inFlight().map(\.sequence) == [10, 20, 30])
            #expect(try await queue.pending().map(\.sequence) == [5])
            #expect(try await queue.claimNext(dueAt: referenceDate.addingTimeInterval(60))?.sequence == 5)
        }
    }

    @Test(arguments: InvocationQueueKind.allCases)
    func aClaimEndsCompletedRescheduledOrDeadLettered(kind: InvocationQueueKind) async throws {
        try await kind.withQueue { queue throws in
            for sequence: UInt64 in [1, 2, 3] { try await queue.enqueue(queuedInvocation(sequence)) }
            let first = try #require(try await queue.claimNext(dueAt: referenceDate))
            try await queue.complete(first)

            var second = try #require(try await queue.claimNext(dueAt: referenceDate))
            second.attempts.append(
                InvocationAttempt(
                    number: 1,
                    startedAt: Timestamp.string(referenceDate),
                    error: FunctionError(errorType: "Boom", errorMessage: "failed")
                )
            )
            second.nextAttemptAt = Timestamp.string(referenceDate.addingTimeInterval(60))
            try await queue.reschedule(second)

            let third = try #require(try await queue.claimNext(dueAt: referenceDate))
            let letter = DeadLetter(
                invocation: third,
                condition: .retriesExhausted,
                error: FunctionError(errorType: "Boom", errorMessage: "again"),
                deadLetteredAt: Timestamp.string(referenceDate)
            )
            try await queue.deadLetter(letter)

            #expect(try await queue.inFlight().isEmpty)
            #expect(try await queue.pending() == [second], "the retry keeps its attempts and its next attempt time")
            #expect(try await queue.claimNext(dueAt: referenceDate) == nil)
            #expect(try await queue.deadLetters() == [letter])
        }
    }

    @Test(arguments: InvocationQueueKind.allCases)
    func redriveSendsDeadLettersBackAsFreshEvents(kind: InvocationQueueKind) async throws {
        try await kind.withQueue { queue throws in
            for sequence: UInt64 in [1, 2] {
                try await queue.enqueue(queuedInvocation(sequence))
                var claimed = try #require(try await queue.claimNext(dueAt: referenceDate))
                claimed.attempts = [
                    InvocationAttempt(
                        number: 1,
                        startedAt: Timestamp.string(referenceDate),
                        error: FunctionError(errorType: "E", errorMessage: "m")
                    )
                ]
                try await queue.deadLetter(
                    DeadLetter(
                        invocation: claimed,
                        condition: .retriesExhausted,
                        error: FunctionError(errorType: "E", errorMessage: "m"),
                        deadLetteredAt: Timestamp.string(referenceDate)
                    )
                )
            }
            let later = referenceDate.addingTimeInterval(3600)
            #expect(try await queue.redrive(id: "no-such-id", at: later).isEmpty)
            let one = try await queue.redrive(id: queuedInvocation(2).id, at: later)
            #expect(one.map(\.sequence) == [2])
            #expect(
                one.first?.attempts == [] && one.first?.redriveCount == 1
                    && one.first?.enqueuedAt == Timestamp.string(later)
            )
            #expect(try await queue.deadLetters().map(\.invocation.sequence) == [1])
            #expect(try await queue.redrive(id: nil, at: later).map(\.sequence) == [1])
            #expect(try await queue.deadLetters().isEmpty)
            #expect(try await queue.pending().map(\.sequence) == [1, 2])
        }
    }

    @Test(arguments: InvocationQueueKind.allCases)
    func nothingIsAbandonedWhileItsConsumerRuns(kind: InvocationQueueKind) async throws {
        try await kind.withQueue { queue throws in
            try await queue.enqueue(queuedInvocation(1))
            let claimed = try #require(try await queue.claimNext(dueAt: referenceDate))
            #expect(try await queue.recoverAbandoned().isEmpty)
            #expect(try await queue.inFlight() == [claimed])
            try await queue.complete(claimed)
            #expect(try await queue.inFlight().isEmpty)
            #expect(try await queue.pending().isEmpty)
        }
    }
}
