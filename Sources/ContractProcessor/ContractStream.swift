import Foundation
import Shared

/// ContractProcessor as the consumer of the contracts table's stream: for each committed change
/// of a batch, in order, the closing steps it asks for (`ClosingStep`). Every step is idempotent
/// (a backup of the same bytes adds no version, an archived document is not archived again, a
/// notice goes out once per id), since Lambda delivers a batch again until it succeeds; a step
/// that fails fails the batch, which the event source mapping retries, bisects and at last sends
/// to the on-failure destination, while the change itself stands.
struct ContractStream: Sendable {
    let services: Services
    let context: LambdaContext

    /// Who the steps run as: the table's stream, on behalf of the change's author.
    static func caller(for contract: Contract) -> Caller {
        .service(contract.terminatedBy ?? "contracts-stream")
    }

    func handle(_ event: DynamoDBEvent) async throws -> StreamBatchResult {
        var result = StreamBatchResult()
        for record in event.records {
            guard record.eventSource == "aws:dynamodb" else {
                throw DomainError.malformed(
                    "ContractProcessor reads DynamoDB stream records, not records from \(record.eventSource.prefix(40))"
                )
            }
            guard record.tableName == services.tableName(Tables.contracts) else {
                throw DomainError.malformed(
                    "ContractProcessor consumes the stream of \(services.tableName(Tables.contracts)); record "
                        + "\(record.eventId.prefix(40)) comes from \(record.eventSourceArn.prefix(120))"
                )
            }
            let old = try contract(record.change.oldImage, record)
            let new = try contract(record.change.newImage, record)
            let steps = ClosingStep.of(old: old, new: new, eventId: record.eventId)
            for step in Self.calls(steps) { try await run(step, for: new ?? old) }
            result.records += 1
            result.steps += steps.count
        }
        context.logger.info("stream batch done", ["records": String(result.records), "steps": String(result.steps)])
        return result
    }

    private func contract(
        _ image: [String: DynamoDBAttributeValue]?,
        _ record: DynamoDBEvent.EventRecord
    ) throws -> Contract? {
        guard let image else { return nil }
        guard let item = DynamoDBAttributeValue.plainItem(image) else {
            throw DomainError.malformed(
                "stream record \(record.eventId.prefix(40)) has an image with a number that is not one"
            )
        }
        do {
            return try item.decode(Contract.self)
        } catch {
            throw DomainError.malformed(
                "stream record \(record.eventId.prefix(40)) does not hold a contract: "
                    + "\(DecodingErrorDescription.describe(error))"
            )
        }
    }

    /// A step as one call: a backup followed by the archive of the same contract is one call to
    /// FileHandler (`close_contract`); every other step is a call of its own.
    enum Call: Equatable {
        case step(ClosingStep)
        case close(Contract)
    }

    static func calls(_ steps: [ClosingStep]) -> [Call] {
        var calls: [Call] = []
        for step in steps {
            if case .archive(let id) = step, case .step(.backup(let before))? = calls.last, before.contractId == id {
                calls[calls.count - 1] = .close(before)
            } else {
                calls.append(.step(step))
            }
        }
        return calls
    }

    private func run(_ call: Call, for contract: Contract?) async throws {
        guard let contract else { return }
        switch call {
        case .close(let before):
            let files = FileClient(functions: services.functions, context: context, caller: Self.caller(for: contract))
            _ = try await files.close(before, reason: "termination")
        case .step(let step):
            try await run(step, for: contract)
        }
    }

    private func run(_ step: ClosingStep, for contract: Contract) async throws {
        let caller = Self.caller(for: contract)
        let files = FileClient(functions: services.functions, context: context, caller: caller)
        switch step {
        case .backup(let before):
            _ = try await files.backup(before, reason: "termination")
        case .archive(let contractId):
            _ = try await files.archive(contractId: contractId)
        case .notice(let template, let values, let notificationId):
            // Addressed to the client: NotificationService reads its address and name with the rest it needs.
            var all = values
            all["contract_id"] = contract.contractId
            all["contract_type"] = contract.contractType
            let request = NotificationRequest(
                template: template.rawValue,
                to: [],
                values: all,
                contractId: contract.contractId,
                caller: caller,
                notificationId: notificationId,
                clientId: contract.clientId
            )
            _ = try await services.functions.invoke(.notificationService, request, as: JSONValue.self, parent: context)
        }
    }
}

/// What ContractProcessor answers for a batch of stream records.
struct StreamBatchResult: Codable, Sendable {
    var records = 0
    var steps = 0
}
