import Foundation
import Shared

/// The invocation queue in memory, with the file queue's semantics within one process, for
/// `--memory` and fast tests. Nothing is left over from a dead consumer: the queue dies with it.
public actor MemoryInvocationQueue: InvocationQueue {
    private var waiting: [String: QueuedInvocation] = [:]
    private var claimed: [String: QueuedInvocation] = [:]
    private var letters: [String: DeadLetter] = [:]

    /// An empty queue.
    public init() {}

    public func enqueue(_ invocation: QueuedInvocation) async throws {
        waiting[invocation.id] = invocation
    }

    public func claimNext(dueAt date: Date) async throws -> QueuedInvocation? {
        guard let next = waiting.values.filter({ $0.isDue(at: date) }).min(by: { $0.sequence < $1.sequence }) else {
            return nil
        }
        waiting[next.id] = nil
        claimed[next.id] = next
        return next
    }

    public func complete(_ invocation: QueuedInvocation) async throws {
        claimed[invocation.id] = nil
    }

    public func reschedule(_ invocation: QueuedInvocation) async throws {
        claimed[invocation.id] = nil
        waiting[invocation.id] = invocation
    }

    public func deadLetter(_ letter: DeadLetter) async throws {
        claimed[letter.invocation.id] = nil
        letters[letter.invocation.id] = letter
    }

    public func recoverAbandoned() async throws -> [QueuedInvocation] {
        []
    }

    public func pending() async throws -> [QueuedInvocation] {
        waiting.values.sorted { $0.sequence < $1.sequence }
    }

    public func inFlight() async throws -> [QueuedInvocation] {
        claimed.values.sorted { $0.sequence < $1.sequence }
    }

    public func deadLetters() async throws -> [DeadLetter] {
        letters.values.sorted { $0.invocation.sequence < $1.invocation.sequence }
    }

    public func redrive(id: String?, at date: Date) async throws -> [QueuedInvocation] {
        var moved: [QueuedInvocation] = []
        for letter in try await deadLetters()
        where (id == nil || letter.invocation.id == id) && letter.condition != .retryAttemptsExhausted {
            let invocation = letter.invocation.redriven(at: date)
            letters[invocation.id] = nil
            waiting[invocation.id] = invocation
            moved.append(invocation)
        }
        return moved
    }

    public func removeDeadLetter(id: String) async throws -> Bool {
        letters.removeValue(forKey: id) != nil
    }
}
