import Foundation
import HandlerRuntime
import LocalAWS
import LocalHarness
import Shared
import Testing
import WireFormat

/// A function that fails its first `failures` runs, and counts every run with its request id.
final class FlakyFunction: ByteHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var failuresLeft: Int
    private(set) var runs: [String] = []

    init(failures: Int) { failuresLeft = failures }

    func handle(_ payload: Data, context: LambdaContext) async throws -> Data {
        try lock.withLock {
            runs.append(context.requestID)
            if failuresLeft > 0 {
                failuresLeft -= 1
                throw DomainError.internal("failure \(runs.count)")
            }
        }
        return payload
    }
}

/// A mutable clock for stepping through back-off.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date
    init(_ start: Date) { now = start }
    func advance(_ seconds: TimeInterval) { lock.withLock { now += seconds } }
    var clock: Clock { Clock { [self] in lock.withLock { now } } }
}

@Suite("Asynchronous invocations")
struct AsyncInvocationTests {
    func lambda(_ function: FlakyFunction, clock: Clock) -> (LocalLambda, MemoryInvocationQueue) {
        let queue = MemoryInvocationQueue()
        let lambda = LocalLambda(configuration: Configuration(timeoutScale: 20), clock: clock, queue: queue)
        lambda.register(.fileHandler, function)
        return (lambda, queue)
    }

    @Test func anEventInvokeIsQueuedAndAnswered202BeforeAnythingRuns() async throws {
        let function = FlakyFunction(failures: 0)
        let (lambda, queue) = lambda(function, clock: .constant(TestSystem.now))
        let receipt = try await lambda.invokeAsync(.fileHandler, ["n": 1], parent: nil)
        #expect(receipt.statusCode == 202)
        #expect(function.runs.isEmpty)
        #expect(try await queue.pending().map(\.id) == [receipt.requestId])
        let report = try await AsyncInvocationDrain(lambda: lambda, queue: queue, clock: .constant(TestSystem.now))
            .run()
        #expect(function.runs == [receipt.requestId], "the run uses the request id Lambda answered with")
        guard case .succeeded(_, let output)? = report.outcome(of: receipt.requestId) else {
            Issue.record("not run")
            return
        }
        #expect(try JSON.decode(JSONValue.self, from: output) == ["n": 1])
        #expect(try await queue.pending().isEmpty)
    }

    @Test func aFailureIsRetriedAfterOneMinuteThenTwoThenDeadLettered() async throws {
        let start = TestSystem.now
        let stepping = SteppingClock(start)
        let function = FlakyFunction(failures: 5)
        let (lambda, queue) = lambda(function, clock: stepping.clock)
        let drain = AsyncInvocationDrain(lambda: lambda, queue: queue, clock: stepping.clock)
        let receipt = try await lambda.invokeAsync(.fileHandler, ["n": 2], parent: nil)

        _ = try await drain.run()
        let waiting = try #require(try await queue.pending().first)
        #expect(waiting.attempts.count == 1 && waiting.nextAttemptAt == Timestamp.string(start + 60))
        stepping.advance(59)
        #expect(try await drain.run().outcomes.isEmpty, "nothing runs before the back-off is over")
        stepping.advance(1)
        _ = try await drain.run()
        #expect(try await queue.pending().first?.nextAttemptAt == Timestamp.string(start + 180))
        stepping.advance(120)
        let last = try await drain.run()
        guard case .deadLettered(let letter)? = last.outcome(of: receipt.requestId) else {
            Issue.record("not dead-lettered")
            return
        }
        #expect(letter.condition == .retriesExhausted)
        #expect(letter.invocation.attempts.map(\.startedAt) == [start, start + 60, start + 180].map(Timestamp.string))
        #expect(letter.error.errorMessage == "failure 3")
        #expect(letter.invocation.payload == ["n": 2], "the dead letter keeps the event")
        #expect(function.runs == Array(repeating: receipt.requestId, count: 3))
        #expect(try await queue.pending().isEmpty)
        #expect(try await queue.deadLetters() == [letter])
    }

    @Test func aRetryThatSucceedsLeavesTheQueue() async throws {
        let stepping = SteppingClock(TestSystem.now)
        let function = FlakyFunction(failures: 1)
        let (lambda, queue) = lambda(function, clock: stepping.clock)
        let drain = AsyncInvocationDrain(lambda: lambda, queue: queue, clock: stepping.clock)
        try await lambda.invokeAsync(.fileHandler, ["n": 3], parent: nil)
        _ = try await drain.run()
        stepping.advance(60)
        let report = try await drain.run()
        guard case .succeeded(let invocation, _)? = report.outcomes.first else {
            Issue.record("the retry did not succeed")
            return
        }
        #expect(invocation.attempts.map { $0.error == nil } == [false, true])
        #expect(try await queue.pending().isEmpty)
        #expect(try await queue.deadLetters().isEmpty)
    }

    @Test func anEventOlderThanSixHoursIsDiscardedToTheDeadLetterQueueUnrun() async throws {
        let stepping = SteppingClock(TestSystem.now)
        let function = FlakyFunction(failures: 0)
        let (lambda, queue) = lambda(function, clock: stepping.clock)
        try await lambda.invokeAsync(.fileHandler, ["n": 4], parent: nil)
        stepping.advance(6 * 3600 + 1)
        let report = try await AsyncInvocationDrain(lambda: lambda, queue: queue, clock: stepping.clock).run()
        guard case .deadLettered(let letter)? = report.outcomes.first else {
            Issue.record("not discarded")
            return
        }
        #expect(letter.condition == .eventAgeExceeded && letter.invocation.attempts.isEmpty)
        #expect(function.runs.isEmpty)
    }

    @Test func lambdaRefusesWhatItCannotQueue() async throws {
        let (lambda, queue) = lambda(FlakyFunction(failures: 0), clock: .constant(TestSystem.now))
        await #expect(
            throws: FunctionError(
                errorType: "ResourceNotFoundException",
                errorMessage: "Function not found: development-testex-contract-processor"
            )
        ) {
            try await lambda.invokeAsync(.contractProcessor, payload: Data("{}".utf8), parent: nil)
        }
        let error = try #require(
            await #expect(throws: FunctionError.self, "queued a payload that is not JSON") {
                _ = try await lambda.invokeAsync(.fileHandler, payload: Data("not json".utf8), parent: nil)
            }
        )
        #expect(error.errorType == "InvalidRequestContentException")
        let big = try JSON.encode([
            "blob": JSONValue.string(String(repeating: "x", count: AsyncInvocationReceipt.maximumPayloadSize))
        ])
        let tooLarge = try #require(
            await #expect(throws: FunctionError.self, "queued more than 1 MB") {
                _ = try await lambda.invokeAsync(.fileHandler, payload: big, parent: nil)
            }
        )
        #expect(tooLarge.errorType == "RequestEntityTooLargeException")
        #expect(try await queue.pending().isEmpty)
    }
}
