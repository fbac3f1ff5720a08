import Foundation
import LocalAWS
import Shared

/// Runs the campaign executions that can go on, as Step Functions would in the background:
/// each RUNNING execution not waiting for a later time, under its lease (another process
/// advancing it is left alone). After each Task the table streams are drained, so a batch's
/// closing steps (backups, archives, notices) follow it as the event source mapping would.
struct CampaignExecutions: Sendable {
    let system: LocalSystem
    /// Sleeps between a Task's retries (the tests pass one that only records).
    var sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    var observe: @Sendable (ExecutionRecord, HistoryEvent) -> Void = { _, _ in }

    /// Advances every execution that can go on now; answers the ones it advanced.
    func runDue() async throws -> [ExecutionRecord] {
        var advanced: [ExecutionRecord] = []
        for name in try await system.executions.runnableNames(at: system.clock.now()) {
            if let after = try await advance(name) { advanced.append(after) }
        }
        return advanced
    }

    /// Advances one execution until it stops or waits; nil when another executor holds it.
    func advance(_ name: String) async throws -> ExecutionRecord? {
        let store = system.executions
        let definition = try CampaignStateMachine.definition(system.configuration, account: LocalSystem.account)
        let lambda = system.lambda
        let streams = StreamFollower(system: system)
        let observe = self.observe
        return try await store.withLease(name) {
            guard let record = try await store.execution(name), record.status == .running else { return nil }
            let executor = StateMachineExecutor(
                definition: definition,
                clock: system.clock,
                tasks: { resource, input in
                    let result = try await durably(system.state?.root) {
                        try await CampaignStateMachine.runTask(lambda, resource: resource, input: input)
                    }
                    try await streams.follow()
                    return result
                },
                sleep: sleep
            )
            return try await executor.advance(
                record,
                save: { try await store.save($0) },
                observe: { observe(record, $0) }
            )
        } ?? nil
    }
}

/// Runs a Task's invocation with its writes' fsyncs deferred and one syncfs of the state after it
/// (before the executor records the Task done); in memory, as it is.
private func durably<T: Sendable>(_ root: URL?, _ body: () async throws -> T) async throws -> T {
    guard let root else { return try await body() }
    return try await DeferredDurability.batch(syncingAt: root, body)
}

/// Delivers the stream records waiting, one drain at a time however many Tasks ask.
final class StreamFollower: Sendable {
    let system: LocalSystem
    let lock = AsyncLock()

    init(system: LocalSystem) { self.system = system }

    func follow() async throws {
        guard let drain = system.streamDrain else { return }
        _ = try await lock.withLock { try await drain.run() }
    }
}
