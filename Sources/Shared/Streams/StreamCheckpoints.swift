import Foundation

/// Where an event source mapping keeps its place in each shard, as Lambda's poller does: the
/// last sequence number whose batch succeeded (or was sent to the on-failure destination).
public protocol StreamCheckpoints: Sendable {
    /// The mapping's place in `shard`; nil before its first batch there.
    func position(mapping: String, shard: String) async throws -> StreamPosition?
    /// Moves the mapping's place, durably: a batch is never delivered again once this returns.
    func save(_ position: StreamPosition, mapping: String) async throws
    /// Forgets the mapping's place in every shard (a replay from the start).
    func reset(mapping: String) async throws
    /// Runs one delivery of a batch: the writes its functions make are durable before `save`
    /// moves past it (the file implementation makes them durable together, at the end).
    func deliver<T: Sendable>(_ body: () async throws -> T) async throws -> T
    /// Runs `body` as the only poller of the mapping's shard, in this process and in any other
    /// sharing the checkpoints, as Lambda has one poller per shard: no record is delivered by
    /// two pollers at once.
    func exclusively<T: Sendable>(
        mapping: String,
        shard: String,
        _ body: @Sendable () async throws -> T
    ) async throws -> T
}

/// Checkpoints in memory, for systems that keep nothing on disk.
public actor MemoryStreamCheckpoints: StreamCheckpoints {
    private var positions: [String: StreamPosition] = [:]
    private let lock = AsyncLock()

    public init() {}

    public func position(mapping: String, shard: String) -> StreamPosition? {
        positions[mapping + "/" + shard]
    }

    public func save(_ position: StreamPosition, mapping: String) {
        positions[mapping + "/" + position.shardId] = position
    }

    public func reset(mapping: String) {
        positions = positions.filter { !$0.key.hasPrefix(mapping + "/") }
    }

    public nonisolated func deliver<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await body()
    }

    public nonisolated func exclusively<T: Sendable>(
        mapping: String,
        shard: String,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await lock.withLock(body)
    }
}
