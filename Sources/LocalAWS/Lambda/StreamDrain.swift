import AWSEvents
import Foundation
import Shared
import WireFormat

/// Polls the tables' streams for their event source mappings, as Lambda's poller does: each
/// shard's records after the mapping's checkpoint, in batches of `batchSize`, each batch invoked
/// synchronously. A failed batch is retried up to `maximumRetryAttempts` times, split in two
/// first when `bisectBatchOnFunctionError` is set, and a part that still fails goes to the
/// on-failure destination (the dead-letter queue) with Lambda's record of it; then the
/// checkpoint moves past the batch. Retries run at once: nothing here waits.
public struct StreamDrain: Sendable {
    public let lambda: LocalLambda
    public let streams: any TableStreams
    public let checkpoints: any StreamCheckpoints
    /// The on-failure destination.
    public let deadLetters: any InvocationQueue
    public let clock: Clock
    public let mappings: [EventSourceMapping]
    /// Batches per run at most, so functions whose changes keep feeding a stream cannot hold a command forever.
    public let limit: Int
    /// The region and account in the function ARNs of on-failure records.
    public let identity: (region: String, account: String)

    public init(
        lambda: LocalLambda,
        streams: any TableStreams,
        checkpoints: any StreamCheckpoints,
        deadLetters: any InvocationQueue,
        clock: Clock,
        mappings: [EventSourceMapping] = EventSourceMappings.all,
        limit: Int = 1000,
        identity: (region: String, account: String) = ("us-east-1", "123456789012")
    ) {
        self.identity = identity
        self.lambda = lambda
        self.streams = streams
        self.checkpoints = checkpoints
        self.deadLetters = deadLetters
        self.clock = clock
        self.mappings = mappings
        self.limit = limit
    }

    /// Delivers every record the mappings (or the `selected` of them) have not handled yet.
    public func run(_ selected: [EventSourceMapping]? = nil) async throws -> StreamDrainReport {
        var report = StreamDrainReport()
        for mapping in selected ?? mappings {
            let table = lambda.configuration.resourceName(mapping.table.name)
            for shard in try await streams.shards(table: table) {
                let budget = limit - report.batches.count
                report.batches += try await checkpoints.exclusively(mapping: mapping.name, shard: shard.shardId) {
                    try await poll(mapping, table: table, shard: shard.shardId, budget: budget)
                }
            }
        }
        return report
    }

    /// One shard's records after the mapping's checkpoint, batch by batch, the checkpoint moved
    /// past each (the caller is the shard's only poller).
    private func poll(
        _ mapping: EventSourceMapping,
        table: String,
        shard: String,
        budget: Int
    ) async throws -> [StreamBatchOutcome] {
        var outcomes: [StreamBatchOutcome] = []
        var position =
            try await checkpoints.position(mapping: mapping.name, shard: shard)
            ?? StreamPosition(shardId: shard, sequenceNumber: nil)
        while outcomes.count < budget {
            let records = try await streams.records(table: table, after: position, limit: mapping.batchSize)
            guard let last = records.last else { break }
            outcomes += try await deliver(records, mapping: mapping, shard: shard, attempt: 1)
            position.sequenceNumber = last.change.sequenceNumber
            try await checkpoints.save(position, mapping: mapping.name)
        }
        return outcomes
    }

    /// Delivers records again from `sequenceNumber` on (a dead-lettered batch, a replay), up to
    /// `endSequenceNumber`, without moving the mapping's checkpoint.
    public func replay(
        _ mapping: EventSourceMapping,
        shard: String,
        from sequenceNumber: String,
        through endSequenceNumber: String? = nil
    ) async throws -> StreamDrainReport {
        let table = lambda.configuration.resourceName(mapping.table.name)
        var report = StreamDrainReport()
        var records = try await streams.records(
            table: table,
            shard: shard,
            at: sequenceNumber,
            limit: mapping.batchSize
        )
        while !records.isEmpty, report.batches.count < limit {
            if let end = endSequenceNumber,
                let past = records.firstIndex(where: { Self.compare($0.change.sequenceNumber, end) > 0 })
            {
                records = Array(records[..<past])
            }
            guard let last = records.last else { break }
            report.batches += try await deliver(records, mapping: mapping, shard: shard, attempt: 1)
            if let end = endSequenceNumber, Self.compare(last.change.sequenceNumber, end) >= 0 { break }
            records = try await streams.records(
                table: table,
                after: StreamPosition(shardId: shard, sequenceNumber: last.change.sequenceNumber),
                limit: mapping.batchSize
            )
        }
        return report
    }

    /// One invocation of a batch, and what the retries and splits of a failure come to.
    private func deliver(
        _ batch: [DynamoDBEvent.EventRecord],
        mapping: EventSourceMapping,
        shard: String,
        attempt: Int
    ) async throws -> [StreamBatchOutcome] {
        let payload = try JSON.encode(DynamoDBEvent(records: batch))
        do {
            _ = try await checkpoints.deliver {
                try await lambda.invoke(mapping.function, payload: payload, parent: nil)
            }
            return [
                StreamBatchOutcome(
                    mapping: mapping.name,
                    records: batch.count,
                    attempts: attempt,
                    failure: nil,
                    deadLetterId: nil
                )
            ]
        } catch {
            // A split is not a retry: halving a batch of n isolates a bad record in log2(n) steps,
            // and the record alone then gets every retry.
            if mapping.bisectBatchOnFunctionError, batch.count > 1 {
                let half = batch.count / 2
                return try await deliver(Array(batch[..<half]), mapping: mapping, shard: shard, attempt: attempt)
                    + deliver(Array(batch[half...]), mapping: mapping, shard: shard, attempt: attempt)
            }
            guard attempt > mapping.maximumRetryAttempts else {
                return try await deliver(batch, mapping: mapping, shard: shard, attempt: attempt + 1)
            }
            let failure = FunctionError(error)
            let id = try await deadLetter(batch, mapping: mapping, shard: shard, attempts: attempt, error: failure)
            return [
                StreamBatchOutcome(
                    mapping: mapping.name,
                    records: batch.count,
                    attempts: attempt,
                    failure: failure,
                    deadLetterId: id
                )
            ]
        }
    }

    /// Sends Lambda's record of a discarded batch (its shard and sequence range, not its records)
    /// to the dead-letter queue.
    private func deadLetter(
        _ batch: [DynamoDBEvent.EventRecord],
        mapping: EventSourceMapping,
        shard: String,
        attempts: Int,
        error: FunctionError
    ) async throws -> String {
        let now = Timestamp.string(clock.now())
        let deployed = mapping.function.deployedName(lambda.configuration)
        let function = "arn:aws:lambda:\(identity.region):\(identity.account):function:\(deployed)"
        let record = StreamFailureRecord(
            batch: batch,
            shard: shard,
            functionArn: function,
            attempts: attempts,
            error: error,
            at: now
        )
        let invocation = QueuedInvocation(
            id: record.requestContext.requestId,
            sequence: QueueSequence.next(),
            function: mapping.function,
            payload: try JSONValue(encoding: record),
            traceId: nil,
            enqueuedAt: now
        )
        try await deadLetters.deadLetter(
            DeadLetter(invocation: invocation, condition: .retryAttemptsExhausted, error: error, deadLetteredAt: now)
        )
        return invocation.id
    }

    /// Orders sequence numbers as numbers (DynamoDB's are decimal strings of varying length).
    public static func compare(_ a: String, _ b: String) -> Int {
        a.count != b.count ? (a.count < b.count ? -1 : 1) : (a < b ? -1 : a == b ? 0 : 1)
    }
}

/// What one delivery of a batch (or of a part of a split one) came to.
public struct StreamBatchOutcome: Sendable {
    public var mapping: String
    public var records: Int
    public var attempts: Int
    /// The last attempt's error, when the batch was sent to the on-failure destination.
    public var failure: FunctionError?
    public var deadLetterId: String?
}

/// What a run of the stream poller did.
public struct StreamDrainReport: Sendable {
    public var batches: [StreamBatchOutcome] = []

    public init() {}

    public var recordsDelivered: Int { batches.filter { $0.failure == nil }.reduce(0) { $0 + $1.records } }
    public var deadLettered: [StreamBatchOutcome] { batches.filter { $0.failure != nil } }
}
