import AWSEvents
import Foundation
import HandlerRuntime
import Shared

/// FileHandler as a consumer of the contracts table's stream: for each committed change of a
/// batch, in order, the closing steps that are its own (`ClosingStep`: a termination's backup
/// and archive, a deleted contract's archive). Every step is idempotent (a backup of the same
/// bytes adds no version, an archived document is not archived again), since Lambda delivers a
/// batch again until it succeeds; a step that fails fails the batch, which the event source
/// mapping retries, bisects and at last sends to the on-failure destination, while the change
/// itself stands.
struct ContractClosing: Sendable {
    let services: Services
    let context: LambdaContext

    /// The batch's reads are the stream consumer's own.
    var database: DatabaseClient {
        DatabaseClient(functions: services.functions, context: context, caller: ClosingStep.stream)
    }

    func handle(_ event: DynamoDBEvent) async throws -> StreamBatchResult {
        let changes = try ClosingStep.of(
            event.records,
            contractsTable: services.tableName(Tables.contracts),
            consumer: .fileHandler
        )
        var result = StreamBatchResult(records: event.records.count)
        // What the batch's archives move, read in one call; a contract archived twice in the batch
        // is read again the second time.
        let archived = changes.flatMap { change in
            change.steps.compactMap { step -> String? in
                if case .archive(let id) = step { id } else { nil }
            }
        }
        let active = try await database.activeFiles(contractIds: archived.firstOccurrences())
        var read: Set<String> = []
        for (contract, steps) in changes {
            let documents = Documents(services: services, context: context, caller: ClosingStep.caller(for: contract))
            for step in steps {
                switch step {
                case .backup(let before): _ = try await documents.backup(before, reason: "termination")
                case .archive(let contractId):
                    let files = read.insert(contractId).inserted ? active[contractId] ?? [] : nil
                    _ = try await documents.archive(contractId: contractId, active: files)
                case .notice: continue
                }
                result.steps += 1
            }
        }
        context.logger.info("stream batch done", ["records": String(result.records), "steps": String(result.steps)])
        return result
    }
}

/// What a consumer of the contracts stream answers for a batch: its records and the steps it ran.
struct StreamBatchResult: Codable, Sendable {
    var records = 0
    var steps = 0
}
