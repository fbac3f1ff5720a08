import Foundation
import LocalAWS
import Shared
import WireFormat

/// `stream mappings | list [table] | show <sequence> [table] | replay [mapping] --from SEQ [--to SEQ]`:
/// the tables' DynamoDB streams and the event source mappings that deliver them.
enum StreamCommand {
    /// Each mapping with its function, settings, checkpoint and the records it has not delivered.
    @Sendable static func mappings(_ context: CommandContext) async throws -> Int32 {
        try context.arguments.finish()
        let system = try await context.openSystem()
        let streams = try requireStreams(system)
        for mapping in EventSourceMappings.all {
            let table = system.services.tableName(mapping.table)
            for shard in try await streams.shards(table: table) {
                let position = try await system.checkpoints.position(mapping: mapping.name, shard: shard.shardId)
                let waiting = try await streams.records(
                    table: table,
                    after: position ?? StreamPosition(shardId: shard.shardId, sequenceNumber: nil),
                    limit: 1000
                ).count
                context.console.out(
                    [
                        mapping.name, "\(table) -> \(mapping.function.rawValue)",
                        "batch \(mapping.batchSize), retries \(mapping.maximumRetryAttempts), bisect "
                            + "\(mapping.bisectBatchOnFunctionError)",
                        "checkpoint \(position?.sequenceNumber ?? "-")",
                        "waiting \(waiting)\(waiting == 1000 ? "+" : "")",
                    ]
                    .joined(separator: "  ")
                )
            }
        }
        return TestexLocal.Exit.success
    }

    /// The records of a table's stream, oldest first, one line each.
    @Sendable static func list(_ context: CommandContext) async throws -> Int32 {
        let after = try context.arguments.option("--after")
        let limit =
            try context.arguments.option("--limit").map { text in
                guard let number = Int(text), (1...10_000).contains(number) else {
                    throw UsageError("--limit must be 1 to 10000")
                }
                return number
            } ?? 100
        let name = context.arguments.nextIfPresent() ?? Tables.contracts.name
        try context.arguments.finish()
        let definition = try streamTable(name, context)
        let system = try await context.openSystem()
        let (table, shard) = try await streamShard(definition, system)
        let records = try await requireStreams(system).records(
            table: table,
            after: StreamPosition(shardId: shard, sequenceNumber: after),
            limit: limit
        )
        if records.isEmpty { context.console.err("no stream records of \(table)\(after.map { " after \($0)" } ?? "")") }
        // A record is delivered once every mapping of its table has delivered it.
        var checkpoints: [String?] = []
        for mapping in EventSourceMappings.all where mapping.table.name == definition.name {
            let position = try await system.checkpoints.position(mapping: mapping.name, shard: shard)
            checkpoints.append(position?.sequenceNumber)
        }
        for record in records {
            let time = record.change.approximateCreationDate.map(Timestamp.string) ?? "-"
            let delivered = checkpoints.allSatisfy { checkpoint in
                checkpoint.map { StreamDrain.compare(record.change.sequenceNumber, $0) <= 0 } ?? false
            }
            let keys = record.change.keys.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.jsonValue.map { $0.stringValue ?? JSON.string($0) } ?? "?")" }.joined(
                    separator: ","
                )
            context.console.out(
                [
                    record.change.sequenceNumber, time,
                    record.eventName.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0),
                    keys, checkpoints.isEmpty ? "" : (delivered ? "delivered" : "waiting"),
                ]
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            )
        }
        return TestexLocal.Exit.success
    }

    /// One record, as Lambda delivers it in a batch's `Records`.
    @Sendable static func show(_ context: CommandContext) async throws -> Int32 {
        let sequence = try context.arguments.next("the record's sequence number (see `stream list`)")
        let name = context.arguments.nextIfPresent() ?? Tables.contracts.name
        try context.arguments.finish()
        let definition = try streamTable(name, context)
        let system = try await context.openSystem()
        let (table, shard) = try await streamShard(definition, system)
        let records = try await requireStreams(system).records(table: table, shard: shard, at: sequence, limit: 1)
        guard let record = records.first, record.change.sequenceNumber == sequence else {
            context.console.err("testex-local: no record \(sequence) in the stream of \(table)")
            return TestexLocal.Exit.clientError
        }
        context.console.out(JSON.string(try JSONValue(encoding: record), pretty: true))
        return TestexLocal.Exit.success
    }

    /// Delivers records again, from `--from` (through `--to`), to the mapping's function.
    @Sendable static func replay(_ context: CommandContext) async throws -> Int32 {
        guard let from = try context.arguments.option("--from") else {
            throw UsageError("replay needs --from SEQUENCE (see `testex-local stream list`)")
        }
        let to = try context.arguments.option("--to")
        let name = context.arguments.nextIfPresent() ?? EventSourceMappings.contractsStream.name
        try context.arguments.finish()
        guard let mapping = EventSourceMappings.named(name) else {
            throw UsageError(
                "unknown event source mapping '\(name)'; one of "
                    + "\(EventSourceMappings.all.map(\.name).joined(separator: ", "))"
            )
        }
        let system = try await context.openSystem(runsFunctions: true)
        guard let drain = system.streamDrain else { throw UsageError("this backend has no streams to replay") }
        let (_, shard) = try await streamShard(mapping.table, system)
        let report = try await drain.replay(mapping, shard: shard, from: from, through: to)
        for batch in report.batches {
            let outcome = batch.failure.map { "dead-lettered (\($0)) as \(batch.deadLetterId ?? "-")" } ?? "delivered"
            context.console.out(
                "\(outcome)  \(batch.records) record(s) to \(mapping.function.rawValue) on attempt \(batch.attempts)"
            )
        }
        if report.batches.isEmpty {
            context.console.err("no records from \(from) in the stream of \(mapping.table.name)")
        }
        return report.deadLettered.isEmpty ? TestexLocal.Exit.success : TestexLocal.Exit.handlerError
    }

    private static func requireStreams(_ system: LocalSystem) throws -> any TableStreams {
        guard let streams = system.streams else { throw UsageError("this backend's tables have no streams") }
        return streams
    }

    /// The table a command reads the stream of, checked before any state is opened.
    private static func streamTable(_ name: String, _ context: CommandContext) throws -> TableDefinition {
        let definition = try DbCommand.resolve(name, context.configuration)
        guard definition.stream != nil else {
            let names = Tables.all.filter { $0.stream != nil }.map(\.name).joined(separator: ", ")
            throw UsageError("table \(definition.name) has no stream; tables with one: \(names)")
        }
        return definition
    }

    /// The physical table and its stream's newest shard.
    private static func streamShard(
        _ definition: TableDefinition,
        _ system: LocalSystem
    ) async throws -> (String, String) {
        let table = system.services.tableName(definition)
        guard let shard = try await requireStreams(system).shards(table: table).last else {
            throw UsageError("table \(table) has no stream yet")
        }
        return (table, shard.shardId)
    }
}
