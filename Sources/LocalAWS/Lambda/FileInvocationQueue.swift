import Foundation
import Shared
import WireFormat

/// The invocation queue as files a person can read: one JSON file per invocation, named
/// `<sequence>-<request id>.json` so a listing is the queue order, in one of three folders:
///
///     pending/       waiting for the first attempt or for a retry (`next_attempt_at`)
///     in-flight/     claimed by a running consumer, which holds a flock on the file
///     dead-letter/   retries exhausted or too old: the invocation, its attempts, the error
///
/// A claim is a rename into `in-flight/` made while holding the file's lock, and the lock is
/// kept until the claim ends; a consumer that dies loses its locks with its process, which is
/// how `recoverAbandoned` tells its leftovers from the items of a consumer still running.
///
/// An enqueue is durable when it returns (it is the asynchronous invoke's acknowledgement); a
/// claim's rename and a completion's unlink are not fsync'd. Killed processes lose neither (the
/// kernel has them); a machine stop may bring a claimed or completed item back, which then runs
/// again — Lambda's asynchronous invocations are at-least-once too, and every consumer here is
/// idempotent — while what the function wrote was made durable by its own writes first.
public struct FileInvocationQueue: InvocationQueue {
    public let root: URL
    private let claims = Locked<[String: HeldFileLock]>([:])
    /// The pending names of the last listing not yet tried, in queue order. A claim takes the
    /// next of them and lists `pending/` again only when they run out, so a drain of n items
    /// lists the folder about once, not once per item (which made a drain of n items cost n²).
    /// What was enqueued since (later in queue order) or put back for a retry is found by the
    /// next listing; an item another process claimed meanwhile is simply not there any more.
    private let listing = Locked<Listing>(Listing())

    struct Listing {
        var names: ArraySlice<String> = []
        /// How many times this queue listed `pending/` (read by the tests).
        var count = 0
    }

    /// How many times this queue has listed `pending/` to claim.
    var pendingListings: Int { listing.withLock { $0.count } }

    /// The queue kept under `root` (the state directory's `queue/`), created on first use.
    public init(root: URL) {
        self.root = root
    }

    public var pendingDirectory: URL { root.appendingPathComponent("pending") }
    public var inFlightDirectory: URL { root.appendingPathComponent("in-flight") }
    public var deadLetterDirectory: URL { root.appendingPathComponent("dead-letter") }

    public func enqueue(_ invocation: QueuedInvocation) async throws {
        try DurableFile.write(
            try JSON.encodePretty(invocation),
            to: pendingDirectory.appendingPathComponent(Self.fileName(invocation))
        )
    }

    public func claimNext(dueAt date: Date) async throws -> QueuedInvocation? {
        var relisted = false
        while true {
            if let name = listing.withLock({ $0.names.popFirst() }) {
                if let invocation = try claim(name, dueAt: date) { return invocation }
            } else if !relisted {
                relisted = true
                let names = try Self.names(in: pendingDirectory)
                listing.withLock {
                    $0.names = names[...]
                    $0.count += 1
                }
            } else {
                return nil
            }
        }
    }

    /// Claims the pending item `name` when it is still there, unclaimed and due at `date`.
    private func claim(_ name: String, dueAt date: Date) throws -> QueuedInvocation? {
        let file = pendingDirectory.appendingPathComponent(name)
        guard let held = try HeldFileLock.take(file.path) else { return nil }
        guard let invocation = try Self.readLocked(file), invocation.isDue(at: date),
            try DurableFile.move(file, to: inFlightDirectory.appendingPathComponent(name), durable: false)
        else {
            held.release()
            return nil
        }
        claims.keep(held, for: invocation.id)
        return invocation
    }

    public func complete(_ invocation: QueuedInvocation) async throws {
        try DurableFile.remove(inFlightDirectory.appendingPathComponent(Self.fileName(invocation)), durable: false)
        claims.release(invocation.id)
    }

    public func reschedule(_ invocation: QueuedInvocation) async throws {
        let name = Self.fileName(invocation)
        // Written before the claim is removed: a crash in between leaves both, and recovery keeps the newer.
        try DurableFile.write(try JSON.encodePretty(invocation), to: pendingDirectory.appendingPathComponent(name))
        try DurableFile.remove(inFlightDirectory.appendingPathComponent(name))
        claims.release(invocation.id)
    }

    public func deadLetter(_ letter: DeadLetter) async throws {
        let name = Self.fileName(letter.invocation)
        try DurableFile.write(try JSON.encodePretty(letter), to: deadLetterDirectory.appendingPathComponent(name))
        try DurableFile.remove(inFlightDirectory.appendingPathComponent(name))
        claims.release(letter.invocation.id)
    }

    public func recoverAbandoned() async throws -> [QueuedInvocation] {
        var recovered: [QueuedInvocation] = []
        for name in try Self.names(in: inFlightDirectory) {
            let file = inFlightDirectory.appendingPathComponent(name)
            // A consumer that is still running holds the lock; only a dead one's file can be taken.
            guard let held = try HeldFileLock.take(file.path) else { continue }
            defer { held.release() }
            guard let invocation = try Self.readLocked(file) else { continue }
            let finished =
                FileManager.default.fileExists(atPath: pendingDirectory.appendingPathComponent(name).path)
                || FileManager.default.fileExists(atPath: deadLetterDirectory.appendingPathComponent(name).path)
            if finished {
                try DurableFile.remove(file)
            } else if try DurableFile.move(file, to: pendingDirectory.appendingPathComponent(name)) {
                recovered.append(invocation)
            }
        }
        return recovered
    }

    public func pending() async throws -> [QueuedInvocation] {
        try Self.read(QueuedInvocation.self, in: pendingDirectory)
    }

    public func inFlight() async throws -> [QueuedInvocation] {
        try Self.read(QueuedInvocation.self, in: inFlightDirectory)
    }

    public func deadLetters() async throws -> [DeadLetter] {
        try Self.read(DeadLetter.self, in: deadLetterDirectory)
    }

    public func redrive(id: String?, at date: Date) async throws -> [QueuedInvocation] {
        var moved: [QueuedInvocation] = []
        for letter in try await deadLetters()
        where (id == nil || letter.invocation.id == id) && letter.condition != .retryAttemptsExhausted {
            let invocation = letter.invocation.redriven(at: date)
            let name = Self.fileName(invocation)
            try DurableFile.write(try JSON.encodePretty(invocation), to: pendingDirectory.appendingPathComponent(name))
            try DurableFile.remove(deadLetterDirectory.appendingPathComponent(name))
            moved.append(invocation)
        }
        return moved
    }

    public func removeDeadLetter(id: String) async throws -> Bool {
        guard let letter = try await deadLetters().first(where: { $0.invocation.id == id }) else { return false }
        return try DurableFile.remove(deadLetterDirectory.appendingPathComponent(Self.fileName(letter.invocation)))
    }

    // MARK: - Files

    static func fileName(_ invocation: QueuedInvocation) -> String {
        String(invocation.sequence).leftPadded(to: 20) + "-" + invocation.id + ".json"
    }

    /// The queue files of a folder in queue order (temporary files of unfinished writes skipped).
    static func names(in directory: URL) throws -> [String] {
        try PosixFiles.names(in: directory.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func read<T: Decodable>(_ type: T.Type, in directory: URL) throws -> [T] {
        try names(in: directory).compactMap { name in
            let file = directory.appendingPathComponent(name)
            // A file that went away since the listing was finished by a consumer meanwhile.
            guard let data = try DurableFile.read(file) else { return nil }
            return try decode(type, data, file)
        }
    }

    /// An item whose lock this consumer holds: only a lock holder moves or rewrites it, so the
    /// name still holds the locked file.
    static func readLocked(_ file: URL) throws -> QueuedInvocation? {
        try PosixFiles.read(file.path).map { try decode(QueuedInvocation.self, $0, file) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ file: URL) throws -> T {
        do {
            return try JSON.decode(type, from: data)
        } catch {
            throw StorageError.corrupt(
                "\(file.path) is not a queued invocation: \(DecodingErrorDescription.describe(error))"
            )
        }
    }
}

extension QueuedInvocation {
    /// The invocation sent back from the dead-letter queue: a fresh event, due at `date`.
    func redriven(at date: Date) -> QueuedInvocation {
        var invocation = self
        invocation.enqueuedAt = Timestamp.string(date)
        invocation.nextAttemptAt = invocation.enqueuedAt
        invocation.attempts = []
        invocation.redriveCount += 1
        return invocation
    }
}

/// The locks of the claims this process holds, by request id.
extension Locked where Value == [String: HeldFileLock] {
    fileprivate func keep(_ claim: HeldFileLock, for id: String) {
        withLock { $0[id] = claim }
    }

    fileprivate func release(_ id: String) {
        withLock { $0.removeValue(forKey: id) }?.release()
    }
}
