import AWSEvents
import Foundation
import HandlerRuntime
import Shared

/// The notices a batch of the contracts stream asks for (`ClosingStep`: a termination's notice,
/// the other status changes' notices), sent in order in this invocation, each addressed to the
/// contract's client. A notice goes out once per notification id, so a batch delivered again
/// emails nobody twice; a notice that fails fails the batch, which the mapping retries.
struct ContractNotices: Sendable {
    let services: Services
    let context: LambdaContext

    /// Sends what the records ask for, having read what every send needs in one call; answers
    /// how many notices were asked for. A notification id the batch names twice is sent once.
    func send(_ records: [DynamoDBEvent.EventRecord]) async throws -> Int {
        let changes = try ClosingStep.of(
            records,
            contractsTable: services.tableName(Tables.contracts),
            consumer: .notificationService
        )
        var requests: [NotificationRequest] = []
        for (contract, steps) in changes {
            for case .notice(let template, let values, let notificationId) in steps
            where !requests.contains(where: { $0.notificationId == notificationId }) {
                requests.append(Self.request(template, values, notificationId, for: contract))
            }
        }
        guard !requests.isEmpty else { return 0 }
        for request in requests { try NotificationServiceHandler.admit(request) }
        let database = DatabaseClient(functions: services.functions, context: context, caller: ClosingStep.stream)
        let found = try await database.noticeContexts(requests.map(NotificationServiceHandler.query(of:)))
        let sender = NotificationServiceHandler(services: services)
        for (request, found) in zip(requests, found) {
            _ = try await sender.send(request, found: found, context: context)
        }
        return requests.count
    }

    /// The notice as a request: addressed to the client, whose address and name the send reads
    /// with the rest it needs, on behalf of the change's author.
    static func request(
        _ template: TemplateName,
        _ values: [String: String],
        _ notificationId: String,
        for contract: Contract
    ) -> NotificationRequest {
        var all = values
        all["contract_id"] = contract.contractId
        all["contract_type"] = contract.contractType
        return NotificationRequest(
            template: template.rawValue,
            to: [],
            values: all,
            contractId: contract.contractId,
            caller: ClosingStep.caller(for: contract),
            notificationId: notificationId,
            clientId: contract.clientId
        )
    }
}
