import Foundation
import Shared
import WireFormat

/// Runs what waits in the invocation queue, as Lambda's poller for asynchronous invocations
/// does: each due item in queue order, under the request id it was answered with; a failure is
/// retried after the configured back-off, the last one goes to the dead-letter queue. Retries
/// become due at a time; nothing here waits for them, so a drain never blocks on a back-off.
public struct AsyncInvocationDrain: Sendable {
    public let lambda: LocalLambda
    public let queue: any InvocationQueue
    public let clock: Clock
    public let config: EventInvokeConfig
    /// Runs per drain at most, so a function that keeps queueing work cannot hold a command forever.
    public let limit: Int

    public init(
        lambda: LocalLambda,
        queue: any InvocationQueue,
        clock: Clock,
        config: EventInvokeConfig = .lambdaDefault,
        limit: Int = 1000
    ) {
        self.lambda = lambda
        self.queue = queue
        self.clock = clock
        self.config = config
        self.limit = limit
    }

    /// Puts back what a dead consumer left claimed, then runs every item due now, including the
    /// ones the runs themselves queue; with `listingWaiting`, the report lists what still waits
    /// (which reads every waiting item: a caller that drains again and again lists it once, at the end).
    public func run(listingWaiting: Bool = true) async throws -> DrainReport {
        var report = DrainReport(recovered: try await queue.recoverAbandoned())
        while report.outcomes.count < limit, let invocation = try await queue.claimNext(dueAt: clock.now()) {
            report.outcomes.append(try await attempt(invocation))
        }
        if listingWaiting { report.waiting = try await queue.pending() }
        return report
    }

    /// One attempt of a claimed item, and the claim ended as its outcome says.
    func attempt(_ claimed: QueuedInvocation) async throws -> DrainOutcome {
        var invocation = claimed
        let start = clock.now()
        if let enqueued = Timestamp.parse(invocation.enqueuedAt),
            start.timeIntervalSince(enqueued) > config.maximumEventAge
        {
            let error = FunctionError(
                errorType: "EventAgeExceeded",
                errorMessage: "the event waited in the queue longer than \(Int(config.maximumEventAge)) seconds"
            )
            return try await deadLetter(invocation, .eventAgeExceeded, error, at: start)
        }
        let number = invocation.attempts.count + 1
        do {
            let output = try await lambda.run(
                invocation.function,
                payload: try JSON.encode(invocation.payload),
                requestID: invocation.id,
                traceID: invocation.traceId
            )
            invocation.attempts.append(
                InvocationAttempt(number: number, startedAt: Timestamp.string(start), error: nil)
            )
            try await queue.complete(invocation)
            return .succeeded(invocation, output: output)
        } catch {
            let failure = FunctionError(error)
            invocation.attempts.append(
                InvocationAttempt(number: number, startedAt: Timestamp.string(start), error: failure)
            )
            guard number <= config.maximumRetryAttempts else {
                return try await deadLetter(invocation, .retriesExhausted, failure, at: clock.now())
            }
            invocation.nextAttemptAt = Timestamp.string(
                clock.now().addingTimeInterval(config.delay(beforeRetry: number))
            )
            try await queue.reschedule(invocation)
            return .willRetry(invocation, error: failure)
        }
    }

    private func deadLetter(
        _ invocation: QueuedInvocation,
        _ condition: DeadLetter.Condition,
        _ error: FunctionError,
        at date: Date
    ) async throws -> DrainOutcome {
        let letter = DeadLetter(
            invocation: invocation,
            condition: condition,
            error: error,
            deadLetteredAt: Timestamp.string(date)
        )
        try await queue.deadLetter(letter)
        return .deadLettered(letter)
    }
}

/// What one attempt of a queued invocation came to.
public enum DrainOutcome: Sendable {
    case succeeded(QueuedInvocation, output: Data)
    /// Failed with retries left; `nextAttemptAt` says when the next attempt is due.
    case willRetry(QueuedInvocation, error: FunctionError)
    case deadLettered(DeadLetter)

    /// The invocation as the attempt left it.
    public var invocation: QueuedInvocation {
        switch self {
        case .succeeded(let invocation, _), .willRetry(let invocation, _): invocation
        case .deadLettered(let letter): letter.invocation
        }
    }
}

/// What a drain did: the items it put back from dead consumers, each attempt it made, what is
/// still waiting (retries in back-off), and the stream batches delivered alongside.
public struct DrainReport: Sendable {
    public var recovered: [QueuedInvocation]
    public var outcomes: [DrainOutcome] = []
    public var waiting: [QueuedInvocation] = []
    public var streamBatches: [StreamBatchOutcome] = []
    /// The webhook attempts the retry rule made, when deliveries were due.
    public var webhooks: WebhookRunReport?

    public init(recovered: [QueuedInvocation]) {
        self.recovered = recovered
    }

    /// The outcome of the last attempt of the invocation with this request id.
    public func outcome(of id: String) -> DrainOutcome? {
        outcomes.last { $0.invocation.id == id }
    }
}
