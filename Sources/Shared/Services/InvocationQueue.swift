import Foundation
import WireFormat

/// Lambda's event queue for asynchronous (Event) invocations, and its dead-letter queue.
///
/// An invocation is durable once `enqueue` returns. A consumer claims one invocation at a time;
/// while it holds the claim no other consumer, in this process or another, can claim it, and if
/// the consumer's process dies the claim is given up and `recoverAbandoned` puts the invocation
/// back. An item leaves the queue only when its consumer finishes the claim, so an invocation
/// runs at least once and, once its success is recorded, never again.
public protocol InvocationQueue: Sendable {
    /// Adds the invocation in the place its `sequence` gives it; durable when it returns.
    func enqueue(_ invocation: QueuedInvocation) async throws
    /// Claims the first pending invocation, in queue order, whose next attempt is due at `date`;
    /// nil when none is. Items claimed by another consumer are skipped.
    func claimNext(dueAt date: Date) async throws -> QueuedInvocation?
    /// Ends a claim after a successful run: the item leaves the queue.
    func complete(_ invocation: QueuedInvocation) async throws
    /// Ends a claim after a failed attempt with retries left: the item, with its attempts and its
    /// next attempt time, goes back to its place in the queue.
    func reschedule(_ invocation: QueuedInvocation) async throws
    /// Ends a claim by moving the item to the dead-letter queue.
    func deadLetter(_ letter: DeadLetter) async throws
    /// Puts back every claimed item whose consumer died, and returns them.
    func recoverAbandoned() async throws -> [QueuedInvocation]
    /// Items waiting for their first or next attempt, in queue order.
    func pending() async throws -> [QueuedInvocation]
    /// Items claimed by a running consumer (or by one that died and was not recovered yet).
    func inFlight() async throws -> [QueuedInvocation]
    /// The dead-letter queue, in queue order.
    func deadLetters() async throws -> [DeadLetter]
    /// Moves the dead letter with this id (every one when nil) back to the queue, due at `date`
    /// with no attempts recorded, and returns the queued items; an unknown id moves nothing. A
    /// stream batch's letter (`retryAttemptsExhausted`) holds no event to run and stays.
    func redrive(id: String?, at date: Date) async throws -> [QueuedInvocation]
    /// Removes a dead letter whose work was done another way (a stream batch delivered again);
    /// false when there was none with this id.
    func removeDeadLetter(id: String) async throws -> Bool
}

/// One asynchronous invocation waiting in the queue: the event and what happened to it so far.
public struct QueuedInvocation: Codable, Sendable, Hashable {
    /// The request id Lambda answered with; every attempt runs under it, as Lambda's retries do.
    public var id: String
    /// The place in the queue: smaller runs first.
    public var sequence: UInt64
    public var function: FunctionName
    public var payload: JSONValue
    /// The trace of the invocation that queued it, so the run joins that trace.
    public var traceId: String?
    public var enqueuedAt: String
    /// When the next attempt is due; the enqueue time until a first attempt failed.
    public var nextAttemptAt: String
    public var attempts: [InvocationAttempt]
    /// How many times the item was sent back from the dead-letter queue.
    public var redriveCount: Int

    enum CodingKeys: String, CodingKey {
        case id, sequence, function, payload, attempts
        case traceId = "trace_id"
        case enqueuedAt = "enqueued_at"
        case nextAttemptAt = "next_attempt_at"
        case redriveCount = "redrive_count"
    }

    /// A new item, due at once unless `nextAttemptAt` says otherwise.
    public init(
        id: String,
        sequence: UInt64,
        function: FunctionName,
        payload: JSONValue,
        traceId: String?,
        enqueuedAt: String,
        nextAttemptAt: String? = nil,
        attempts: [InvocationAttempt] = [],
        redriveCount: Int = 0
    ) {
        self.id = id
        self.sequence = sequence
        self.function = function
        self.payload = payload
        self.traceId = traceId
        self.enqueuedAt = enqueuedAt
        self.nextAttemptAt = nextAttemptAt ?? enqueuedAt
        self.attempts = attempts
        self.redriveCount = redriveCount
    }

    /// Whether the next attempt is due at `date`.
    public func isDue(at date: Date) -> Bool {
        guard let next = Timestamp.parse(nextAttemptAt) else { return true }
        return next <= date
    }
}

/// One run of a queued invocation.
public struct InvocationAttempt: Codable, Sendable, Hashable {
    public var number: Int
    public var startedAt: String
    /// The function error, or nil when the attempt succeeded.
    public var error: FunctionError?

    enum CodingKeys: String, CodingKey {
        case number, error
        case startedAt = "started_at"
    }

    public init(number: Int, startedAt: String, error: FunctionError?) {
        self.number = number
        self.startedAt = startedAt
        self.error = error
    }
}

/// An invocation Lambda gave up on, with why: what a dead-letter queue receives (the event and
/// the request id, error code and message Lambda attaches), plus the attempts made.
public struct DeadLetter: Codable, Sendable, Hashable {
    /// Lambda's conditions for discarding an event.
    public enum Condition: String, Codable, Sendable {
        /// Every attempt failed (1 + the configured retries).
        case retriesExhausted = "RetriesExhausted"
        /// The event stayed in the queue longer than the maximum event age.
        case eventAgeExceeded = "EventAgeExceeded"
        /// A stream batch failed on every attempt (its record says which records, not the records).
        case retryAttemptsExhausted = "RetryAttemptsExhausted"
    }

    public var invocation: QueuedInvocation
    public var condition: Condition
    /// The last attempt's error; for an expired event, an error saying so.
    public var error: FunctionError
    public var deadLetteredAt: String

    enum CodingKeys: String, CodingKey {
        case invocation, condition, error
        case deadLetteredAt = "dead_lettered_at"
    }

    public init(invocation: QueuedInvocation, condition: Condition, error: FunctionError, deadLetteredAt: String) {
        self.invocation = invocation
        self.condition = condition
        self.error = error
        self.deadLetteredAt = deadLetteredAt
    }
}
