import Foundation
import LocalAWS
import Shared

/// The work that follows committed changes: stream records an event source mapping has not
/// delivered yet (a command stopped before its drain, or ran with `--no-drain`), which a repair
/// delivers, and batches that ended in the dead-letter queue, which only `queue redrive` sends again.
struct StreamCheck {
    let system: LocalSystem
    let check: StateCheck

    func run() async throws {
        guard let streams = system.streams else { return }
        for mapping in EventSourceMappings.all {
            let table = system.services.tableName(mapping.table)
            guard try await system.tables.describeTable(table) != nil else { continue }
            var waiting = 0
            for shard in try await streams.shards(table: table) {
                let position =
                    try await system.checkpoints.position(mapping: mapping.name, shard: shard.shardId)
                    ?? StreamPosition(shardId: shard.shardId, sequenceNumber: nil)
                waiting += try await streams.records(table: table, after: position, limit: 1000).count
            }
            guard waiting > 0 else { continue }
            check.record(
                StateProblem(
                    path: check.relative(system.state?.streams.appendingPathComponent(mapping.name) ?? check.root),
                    reason: "\(waiting)\(waiting == 1000 ? "+" : "") change(s) of \(table) not yet delivered to "
                        + "\(mapping.function.rawValue) by \(mapping.name) (a command "
                        + "stopped before its closing steps)",
                    fix: .complete,
                    repaired: check.repairing ? "delivered by the drain that follows" : nil
                )
            )
        }
    }

    /// Stream batches that failed every attempt, which only `queue redrive` sends again.
    func deadLetters() async throws {
        for letter in try await system.queue.deadLetters() where letter.condition == .retryAttemptsExhausted {
            check.report(
                system.state?.queue.appendingPathComponent("dead-letter") ?? check.root,
                "stream batch \(letter.invocation.id) of \(letter.invocation.function.rawValue) failed every attempt "
                    + "(\(letter.error)); `testex-local queue redrive \(letter.invocation.id)` delivers it again"
            )
        }
    }
}
