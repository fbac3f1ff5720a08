import Foundation
import Shared

/// Event source mapping checkpoints as files, one per mapping and shard:
///
///     <root>/<mapping>/<shard id>.json      {"shard_id": …, "sequence_number": …}
///
/// A batch's delivery runs inside a `DeferredDurability` batch: the writes of the functions it
/// invokes skip their fsyncs, one syncfs makes them all durable when the delivery ends, and only
/// then is the checkpoint written (durably) past the batch.
public struct FileStreamCheckpoints: StreamCheckpoints {
    public let root: URL
    /// The directory whose file system the deferred writes are made durable on (the state's).
    public let durabilityRoot: URL

    public init(root: URL, durabilityRoot: URL) {
        self.root = root.standardizedFileURL
        self.durabilityRoot = durabilityRoot
    }

    public func position(mapping: String, shard: String) throws -> StreamPosition? {
        let path = try file(mapping: mapping, shard: shard)
        guard let data = try PosixFiles.read(path.path) else { return nil }
        do {
            return try JSON.decode(StreamPosition.self, from: data)
        } catch {
            throw StorageError.corrupt("\(path.path) is not a stream checkpoint: \(DecodingErrorDescription.describe(error))")
        }
    }

    public func save(_ position: StreamPosition, mapping: String) throws {
        try DurableFile.write(JSON.encodePretty(position), to: try file(mapping: mapping, shard: position.shardId))
    }

    public func reset(mapping: String) throws {
        let directory = root.appendingPathComponent(PathComponent.encode(mapping))
        for name in try PosixFiles.names(in: directory.path) {
            try DurableFile.remove(directory.appendingPathComponent(name))
        }
    }

    public func deliver<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await DeferredDurability.batch(root: durabilityRoot, body)
    }

    /// The in-process lock first (so no two tasks of this process wait on the file's), then an
    /// flock on `<mapping>/<shard>.lock`, which the kernel drops if the holder dies.
    public func exclusively<T: Sendable>(mapping: String, shard: String, _ body: @Sendable () async throws -> T) async throws -> T {
        let path = try file(mapping: mapping, shard: shard).deletingPathExtension().appendingPathExtension("lock")
        return try await Self.pollers.withLock {
            let lease = try HeldFileLock.acquire(path.path)
            defer { lease.release() }
            return try await body()
        }
    }

    private static let pollers = AsyncLock()

    /// Every mapping's checkpoints, by mapping, for listings and `doctor`.
    public func all() throws -> [String: [StreamPosition]] {
        var result: [String: [StreamPosition]] = [:]
        for mapping in try PosixFiles.names(in: root.path) {
            for name in try PosixFiles.names(in: root.appendingPathComponent(mapping).path) where name.hasSuffix(".json") {
                let shard = PathComponent.decode(String(name.dropLast(5))) ?? String(name.dropLast(5))
                if let position = try self.position(mapping: PathComponent.decode(mapping) ?? mapping, shard: shard) {
                    result[mapping, default: []].append(position)
                }
            }
        }
        return result
    }

    private func file(mapping: String, shard: String) throws -> URL {
        root.appendingPathComponent(PathComponent.encode(mapping)).appendingPathComponent(PathComponent.encode(shard) + ".json")
    }
}
