import Foundation
import Shared
import WireFormat

/// Event source mapping checkpoints as files, two per mapping and shard:
///
///     <root>/<mapping>/<shard id>.json          the last delivered batch, with the boot it was written on
///     <root>/<mapping>/<shard id>.durable.json  a place every batch before which is durable
///     <root>/<mapping>/<shard id>.lock          flock'd by the shard's one poller
///
/// A batch's delivery runs inside a `DeferredDurability` scope: the writes of the functions it
/// invokes are whole and visible at once and survive a killed process, but skip their fsyncs, and
/// so does the checkpoint that moves past the batch. Every `durableEvery` batches, or when the
/// last durable place is older than `durableAfter`, one syncfs makes everything durable and the
/// durable place moves up to the checkpoint. After a machine stop (another boot id) the poller
/// starts from the durable place again and delivers the batches after it once more, as Lambda
/// delivers again a batch whose function did not finish; every consumer is idempotent.
public struct FileStreamCheckpoints: StreamCheckpoints {
    public let root: URL
    /// The directory whose file system the deferred writes are made durable on (the state's).
    public let durabilityRoot: URL
    public let durableEvery: Int
    public let durableAfter: TimeInterval

    public init(root: URL, durabilityRoot: URL, durableEvery: Int = 32, durableAfter: TimeInterval = 60) {
        self.root = root.standardizedFileURL
        self.durabilityRoot = durabilityRoot
        self.durableEvery = durableEvery
        self.durableAfter = durableAfter
    }

    /// The checkpoint file: the position, the boot it was written on, and the batches since the durable place.
    private struct Checkpoint: Codable {
        var position: StreamPosition
        var bootId: String?
        var batchesSinceDurable: Int
        /// When the durable place last moved (the wall clock's time: durability is physical).
        var durableAt: String

        enum CodingKeys: String, CodingKey {
            case position
            case bootId = "boot_id"
            case batchesSinceDurable = "batches_since_durable"
            case durableAt = "durable_at"
        }
    }

    public func position(mapping: String, shard: String) throws -> StreamPosition? {
        if let checkpoint = try checkpoint(mapping: mapping, shard: shard), checkpoint.bootId == BootIdentity.current,
            checkpoint.bootId != nil
        {
            return checkpoint.position
        }
        return try durablePosition(mapping: mapping, shard: shard)
    }

    public func save(_ position: StreamPosition, mapping: String) throws {
        let previous = try checkpoint(mapping: mapping, shard: position.shardId)
        var next = Checkpoint(
            position: position,
            bootId: BootIdentity.current,
            batchesSinceDurable: (previous?.batchesSinceDurable ?? 0) + 1,
            durableAt: previous?.durableAt ?? ""
        )
        let durableAt = Timestamp.parse(next.durableAt) ?? .distantPast
        if next.batchesSinceDurable >= durableEvery || Date().timeIntervalSince(durableAt) >= durableAfter {
            try FileCalls.syncFileSystem(containing: durabilityRoot.path)
            try DurableFile.write(
                JSON.encodePretty(position),
                to: file(mapping: mapping, shard: position.shardId, suffix: ".durable.json")
            )
            next.batchesSinceDurable = 0
            next.durableAt = Timestamp.string(Date())
        }
        // In place and without fsync: only the shard's one poller writes it (under its lease).
        let checkpoint = file(mapping: mapping, shard: position.shardId, suffix: ".json")
        try DurableFile.createDirectory(checkpoint.deletingLastPathComponent())
        try FileCalls.overwrite(checkpoint.path, with: JSON.encodePretty(next))
    }

    public func reset(mapping: String) throws {
        let directory = root.appendingPathComponent(PathComponent.encode(mapping))
        for name in try PosixFiles.names(in: directory.path) where name.hasSuffix(".json") {
            try DurableFile.remove(directory.appendingPathComponent(name))
        }
    }

    public func deliver<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await DeferredDurability.batch(body)
    }

    /// The in-process lock first (so no two tasks of this process wait on the file's), then an
    /// flock on `<mapping>/<shard>.lock`, which the kernel drops if the holder dies.
    public func exclusively<T: Sendable>(
        mapping: String,
        shard: String,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let path = file(mapping: mapping, shard: shard, suffix: ".lock")
        return try await Self.pollers.withLock {
            let lease = try HeldFileLock.acquire(path.path)
            defer { lease.release() }
            return try await body()
        }
    }

    private static let pollers = AsyncLock()

    /// Every mapping's positions, by mapping, for listings.
    public func all() throws -> [String: [StreamPosition]] {
        var result: [String: [StreamPosition]] = [:]
        for mapping in try PosixFiles.names(in: root.path) {
            let name = PathComponent.decode(mapping) ?? mapping
            for file in try PosixFiles.names(in: root.appendingPathComponent(mapping).path)
            where file.hasSuffix(".json") && !file.hasSuffix(".durable.json") {
                let shard = PathComponent.decode(String(file.dropLast(5))) ?? String(file.dropLast(5))
                if let position = try position(mapping: name, shard: shard) {
                    result[name, default: []].append(position)
                }
            }
        }
        return result
    }

    private func checkpoint(mapping: String, shard: String) throws -> Checkpoint? {
        let path = file(mapping: mapping, shard: shard, suffix: ".json")
        guard let data = try PosixFiles.read(path.path) else { return nil }
        // Written without fsync: after a machine stop it may be empty or old, and the durable place counts.
        return try? JSON.decode(Checkpoint.self, from: data)
    }

    private func durablePosition(mapping: String, shard: String) throws -> StreamPosition? {
        let path = file(mapping: mapping, shard: shard, suffix: ".durable.json")
        guard let data = try PosixFiles.read(path.path) else { return nil }
        do {
            return try JSON.decode(StreamPosition.self, from: data)
        } catch {
            throw StorageError.corrupt(
                "\(path.path) is not a stream checkpoint: \(DecodingErrorDescription.describe(error))"
            )
        }
    }

    private func file(mapping: String, shard: String, suffix: String) -> URL {
        root.appendingPathComponent(PathComponent.encode(mapping)).appendingPathComponent(
            PathComponent.encode(shard) + suffix
        )
    }
}
