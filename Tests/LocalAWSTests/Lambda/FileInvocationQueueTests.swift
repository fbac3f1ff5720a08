import Foundation
import LocalAWS
import Shared
import Testing

/// The file queue across processes: each `FileInvocationQueue` value below stands for another
/// process on the same state directory (its claims are its own open files and locks).
@Suite("FileInvocationQueue")
struct FileInvocationQueueTests {
    @Test func itemsAreReadableJSONFilesNamedInQueueOrder() async throws {
        let scratch = ScratchDirectory("testex-queue")
        defer { scratch.remove() }
        let queue = FileInvocationQueue(root: scratch.url)
        try await queue.enqueue(queuedInvocation(42))
        let files = scratch.files()
        #expect(files == ["pending/00000000000000000042-\(queuedInvocation(42).id).json"])
        let data = try #require(FileManager.default.contents(atPath: scratch.url.appendingPathComponent(files[0]).path))
        #expect(try JSON.decode(QueuedInvocation.self, from: data) == queuedInvocation(42))
        #expect(String(decoding: data, as: UTF8.self).contains("\"next_attempt_at\""))
    }

    @Test func anotherConsumerNeitherClaimsNorRecoversAnItemClaimedByALiveOne() async throws {
        let scratch = ScratchDirectory("testex-queue")
        defer { scratch.remove() }
        let running = FileInvocationQueue(root: scratch.url)
        let other = FileInvocationQueue(root: scratch.url)
        try await running.enqueue(queuedInvocation(1))
        let claimed = try #require(try await running.claimNext(dueAt: referenceDate))
        #expect(try await other.claimNext(dueAt: referenceDate) == nil)
        #expect(try await other.recoverAbandoned().isEmpty, "the live consumer holds the lock")
        try await running.complete(claimed)
        #expect(scratch.files().isEmpty)
    }

    @Test func aLeftoverOfADeadConsumerGoesBackToTheQueueOnce() async throws {
        let scratch = ScratchDirectory("testex-queue")
        defer { scratch.remove() }
        let queue = FileInvocationQueue(root: scratch.url)
        try await queue.enqueue(queuedInvocation(7))
        // A consumer that died after claiming: the file is in in-flight/ and nobody holds its lock.
        let name = "00000000000000000007-\(queuedInvocation(7).id).json"
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("in-flight"),
            withIntermediateDirectories: true
        )
        try FileManager.default.moveItem(
            at: scratch.url.appendingPathComponent("pending/\(name)"),
            to: scratch.url.appendingPathComponent("in-flight/\(name)")
        )
        #expect(try await queue.claimNext(dueAt: referenceDate) == nil)
        #expect(try await queue.recoverAbandoned().map(\.sequence) == [7])
        #expect(try await queue.recoverAbandoned().isEmpty)
        #expect(try await queue.claimNext(dueAt: referenceDate)?.sequence == 7)
    }

    @Test func aLeftoverWhoseRetryWasAlreadyWrittenIsDroppedNotDoubled() async throws {
        let scratch = ScratchDirectory("testex-queue")
        defer { scratch.remove() }
        let queue = FileInvocationQueue(root: scratch.url)
        var retry = queuedInvocation(3)
        retry.attempts = [
            InvocationAttempt(
                number: 1,
                startedAt: Timestamp.string(referenceDate),
                error: FunctionError(errorType: "E", errorMessage: "m")
            )
        ]
        try await queue.enqueue(retry)
        // Died between writing the retry and removing its claim: both files exist.
        let name = "00000000000000000003-\(retry.id).json"
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("in-flight"),
            withIntermediateDirectories: true
        )
        try JSON.encodePretty(queuedInvocation(3)).write(to: scratch.url.appendingPathComponent("in-flight/\(name)"))
        #expect(try await queue.recoverAbandoned().isEmpty)
        #expect(try await queue.inFlight().isEmpty)
        #expect(try await queue.pending() == [retry], "the newer file, with the attempt, is kept")
    }
}
