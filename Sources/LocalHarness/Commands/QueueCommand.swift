import Foundation
import LocalAWS
import Shared
import WireFormat

/// `queue list | dlq | show <id> | drain | redrive [id]`: Lambda's queue of asynchronous
/// invocations and its dead-letter queue.
enum QueueCommand {
    @Sendable static func list(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        try context.arguments.finish()
        let system = try await context.openSystem()
        let items =
            try await system.queue.pending().map { ("pending", $0) } + system.queue.inFlight().map { ("in-flight", $0) }
        let sorted = items.sorted { $0.1.sequence < $1.1.sequence }
        if format == .json {
            context.console.out(
                JSON.string(sorted.map { ["state": AnyEncodable($0.0), "invocation": AnyEncodable($0.1)] })
            )
            return TestexLocal.Exit.success
        }
        if items.isEmpty { context.console.err("the queue is empty") }
        for (state, item) in sorted {
            context.console.out(
                [
                    state.padding(toLength: 9, withPad: " ", startingAt: 0), item.id,
                    item.function.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0),
                    "attempts \(item.attempts.count)",
                    "next \(item.nextAttemptAt)", "queued \(item.enqueuedAt)",
                ].joined(separator: "  ")
            )
        }
        return TestexLocal.Exit.success
    }

    @Sendable static func deadLetters(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        try context.arguments.finish()
        let system = try await context.openSystem()
        let letters = try await system.queue.deadLetters()
        if format == .json {
            context.console.out(JSON.string(letters))
            return TestexLocal.Exit.success
        }
        if letters.isEmpty { context.console.err("the dead-letter queue is empty") }
        for letter in letters {
            context.console.out(
                [
                    letter.invocation.id, letter.invocation.function.rawValue, letter.condition.rawValue,
                    "attempts \(letter.invocation.attempts.count)", letter.deadLetteredAt,
                    letter.error.description,
                ].joined(separator: "  ")
            )
        }
        return TestexLocal.Exit.success
    }

    @Sendable static func show(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let id = try context.arguments.next("request id (see `queue list` or `queue dlq`)")
        try context.arguments.finish()
        let system = try await context.openSystem()
        if let item = try await (system.queue.pending() + system.queue.inFlight()).first(where: { $0.id == id }) {
            context.console.out(JSON.string(item, pretty: format == .text))
        } else if let letter = try await system.queue.deadLetters().first(where: { $0.invocation.id == id }) {
            context.console.out(JSON.string(letter, pretty: format == .text))
        } else {
            throw NotFound("no queued or dead-lettered invocation \(id)")
        }
        return TestexLocal.Exit.success
    }

    @Sendable static func drain(_ context: CommandContext) async throws -> Int32 {
        try context.arguments.finish()
        let system = try await context.openSystem()
        DrainOutput.all(try await system.drain(), console: context.console)
        return TestexLocal.Exit.success
    }

    @Sendable static func redrive(_ context: CommandContext) async throws -> Int32 {
        let id = context.arguments.nextIfPresent()
        try context.arguments.finish()
        let system = try await context.openSystem(runsFunctions: true)
        if try await redriveStreamBatches(id: id, system, context) { return TestexLocal.Exit.success }
        let moved = try await system.queue.redrive(id: id, at: context.clock.now())
        if moved.isEmpty {
            if let id { throw NotFound("no dead-lettered invocation \(id)") }
            context.console.err("the dead-letter queue is empty")
        }
        for invocation in moved { context.console.out("redriven       \(DrainOutput.describe(invocation))") }
        return TestexLocal.Exit.success
    }

    /// A dead-lettered stream batch holds where its records are, not the records: redriving it
    /// delivers that range of the stream again; the letter goes once delivered. True when `id`
    /// named one (or, with no id, when the only letters were such batches).
    private static func redriveStreamBatches(
        id: String?,
        _ system: LocalSystem,
        _ context: CommandContext
    ) async throws -> Bool {
        let letters = try await system.queue.deadLetters().filter {
            $0.condition == .retryAttemptsExhausted && (id == nil || $0.invocation.id == id)
        }
        guard !letters.isEmpty, let drain = system.streamDrain else { return false }
        for letter in letters {
            let info = try letter.invocation.payload.decode(StreamFailureRecord.self).batchInfo
            let table = info.streamArn.split(separator: "/").dropFirst().first.map(String.init)
            guard
                let mapping = EventSourceMappings.all.first(where: {
                    $0.function == letter.invocation.function && system.services.tableName($0.table) == table
                })
            else { continue }
            let report = try await drain.replay(
                mapping,
                shard: info.shardId,
                from: info.startSequenceNumber,
                through: info.endSequenceNumber
            )
            guard report.deadLettered.isEmpty else {
                context.console.err(
                    "testex-local: stream batch \(letter.invocation.id) failed again; it is dead-lettered anew"
                )
                continue
            }
            _ = try await system.queue.removeDeadLetter(id: letter.invocation.id)
            context.console.out(
                "redriven       \(mapping.function.rawValue) \(letter.invocation.id) "
                    + "(\(info.batchSize) stream record(s) "
                    + "\(info.startSequenceNumber)...\(info.endSequenceNumber))"
            )
        }
        if id != nil { return true }
        return try await system.queue.deadLetters().isEmpty
    }
}
