import Foundation
import LocalAWS
import Shared
import WireFormat

/// The invocation queues the conformance suite runs against.
enum InvocationQueueKind: String, CaseIterable, CustomStringConvertible {
    case memory
    case file

    var description: String { rawValue }

    func withQueue(_ body: (any InvocationQueue) async throws -> Void) async throws {
        let scratch = ScratchDirectory("testex-queue")
        defer { scratch.remove() }
        let queue: any InvocationQueue =
            switch self {
            case .memory: MemoryInvocationQueue()
            case .file: FileInvocationQueue(root: scratch.url)
            }
        try await body(queue)
    }
}

/// A queued invocation of NotificationService, due at the reference time unless said otherwise.
func queuedInvocation(_ sequence: UInt64, due: Date = referenceDate, enqueued: Date = referenceDate) -> QueuedInvocation
{
    QueuedInvocation(
        id: "00000000-0000-4000-8000-\(String(sequence).leftPaddedForTests(12))",
        sequence: sequence,
        function: .notificationService,
        payload: ["sequence": .number(Decimal(sequence))],
        traceId: nil,
        enqueuedAt: Timestamp.string(enqueued),
        nextAttemptAt: Timestamp.string(due)
    )
}

extension String {
    func leftPaddedForTests(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
