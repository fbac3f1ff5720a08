import Foundation
import Shared
import Testing
import WireFormat

@testable import LocalAWS

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

    @Test func drainingManyItemsListsThePendingFolderOnceNotOncePerItem() async throws {
        let scratch = ScratchDirectory("testex-queue")
        defer { scratch.remove() }
        let queue = FileInvocationQueue(root: scratch.url)
        for sequence in 1...200 { try await queue.enqueue(queuedInvocation(UInt64(sequence))) }
        var claimed: [UInt64] = []
        while let invocation = try await queue.claimNext(dueAt: referenceDate) {
            claimed.append(invocation.sequence)
            try await queue.complete(invocation)
        }
        #expect(claimed == Array(1...200))
        #expect(queue.pendingListings == 2, "one listing to claim the 200, one more to find nothing left")
    }

    @Test func aClaimFromAnEarlierListingSkipsWhatAnotherConsumerTookAndFindsWhatCameSince() async throws {
        let scratch = ScratchDirectory("testex-queue")
        defer { scratch.remove() }
        let queue = FileInvocationQueue(root: scratch.url)
        let other = FileInvocationQueue(root: scratch.url)
        for sequence in 1...4 { try await queue.enqueue(queuedInvocation(UInt64(sequence))) }
        #expect(try await queue.claimNext(dueAt: referenceDate)?.sequence == 1)
        let taken = try #require(try await other.claimNext(dueAt: referenceDate))
        #expect(taken.sequence == 2)
        try await other.enqueue(queuedInvocation(5))
        var rest: [UInt64] = []
        while let invocation = try await queue.claimNext(dueAt: referenceDate) { rest.append(invocation.sequence) }
        #expect(rest == [3, 4, 5])
    }

    /// The enqueue is the asynchronous invoke's acknowledgement and is durable; the claim's
    /// rename and the completion's unlink are not fsync'd (a machine stop may run an item again).
    @Test func anEnqueueIsDurableAndAClaimAndItsCompletionMakeNoSync() async throws {
        let scratch = ScratchDirectory("testex-queue")
        defer { scratch.remove() }
        let queue = FileInvocationQueue(root: scratch.url)
        try await queue.enqueue(queuedInvocation(8))
        let (_, enqueueSyncs) = try await SyncTally.counting { try await queue.enqueue(queuedInvocation(9)) }
        #expect(enqueueSyncs >= 2, "the file and its directory: \(enqueueSyncs)")
        // The first claim makes `in-flight/` (durably, once); the next claims cost nothing.
        try await queue.complete(try #require(try await queue.claimNext(dueAt: referenceDate)))
        let (_, claimSyncs) = try await SyncTally.counting {
            let claimed = try #require(try await queue.claimNext(dueAt: referenceDate))
            try await queue.complete(claimed)
        }
        #expect(claimSyncs == 0)
        #expect(scratch.files().isEmpty)
    }
}
