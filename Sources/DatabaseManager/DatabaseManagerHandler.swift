import Foundation
import HandlerRuntime
import Shared

/// Every table read and write of the system, behind one JSON contract per operation set
/// (`DatabaseManagerEvent`), each operation checked against its caller first.
public struct DatabaseManagerHandler: LambdaHandler {
    let store: TableAccess
    let commits: Commits
    let deliveries: WebhookDeliveryRecords
    let notifications: NotificationRecords
    let campaigns: CampaignRecords

    public init(services: Services) {
        self.store = TableAccess(services: services)
        self.commits = Commits(store: store)
        self.deliveries = WebhookDeliveryRecords(store: store)
        self.notifications = NotificationRecords(store: store, commits: commits, deliveries: deliveries)
        self.campaigns = CampaignRecords(store: store)
    }

    public func handle(_ event: DatabaseManagerEvent, context: LambdaContext) async throws -> AnyEncodable {
        switch event {
        case .records(let call):
            try admit(call, context: context)
            if call.caller.role == .client, let answer = try await answerClient(call, context: context) {
                return answer
            }
            return try await answer(call.request, context: context)
        case .webhooks(let call):
            try admit(call, context: context)
            return try await deliveries.handle(call.request)
        case .notifications(let call):
            try admit(call, context: context)
            if call.caller.role == .client, let answer = try await answerClient(call, context: context) {
                return answer
            }
            return try await notifications.handle(call.request, before: context.deadline)
        case .campaigns(let call):
            try admit(call, context: context)
            return try await campaigns.handle(call.request, before: context.deadline)
        }
    }

    /// Logs the operation with its caller, and refuses (403) a caller the operation does not admit.
    private func admit<Operation: GuardedOperation>(_ call: OperationCall<Operation>, context: LambdaContext) throws {
        context.logger.debug(
            "database operation",
            ["operation": call.request.operation, "caller": call.caller.subject]
        )
        try call.checkAccess()
    }

    /// Each operation answered in one place, by its family's extension: `+Contracts`, `+Records`
    /// (clients, audit logs, documents, notifications), `+Idempotency`, `+Email`, `+Users`.
    func answer(_ request: DatabaseRequest, context: LambdaContext) async throws -> AnyEncodable {
        let deadline = context.deadline
        switch request {
        case .getContract(let id): return AnyEncodable(try await contract(id))
        case .getContractForChange(let id, let key):
            return AnyEncodable(try await contractForChange(id, idempotencyKey: key, owner: nil))
        case .getContractsForChange(let queries): return AnyEncodable(try await contractsForChange(queries))
        case .commitContract(let change): return AnyEncodable(try await commits.commit(change, before: deadline))
        case .listContracts(let status, let clientId, let page):
            return AnyEncodable(try await listContracts(status: status, clientId: clientId, page: page))
        case .listContractsDue(let sweep, let page): return AnyEncodable(try await contractsDue(sweep, page: page))
        case .getClient(let id): return AnyEncodable(try await client(id))
        case .commitClient(let change): return AnyEncodable(try await commits.commit(change, before: deadline))
        case .listClients(let email, let page): return AnyEncodable(try await clients(email: email, page: page))
        case .listAuditLogs(let contractId, let page):
            return AnyEncodable(try await store.ofContract(AuditLog.self, Tables.auditLogs, contractId, page: page))
        case .commitFile(let change): return AnyEncodable(try await commits.commit(change, before: deadline))
        case .getFile(let id): return AnyEncodable(try await file(id))
        case .listFiles(let contractId, let page):
            return AnyEncodable(try await store.ofContract(FileRecord.self, Tables.files, contractId, page: page))
        case .activeFiles(let ids): return AnyEncodable(try await activeFiles(ids))
        case .putNotification(let log): return AnyEncodable(try await putNotification(log))
        case .listNotifications(let contractId, let page):
            return AnyEncodable(try await notifications(contractId, page))
        case .getNotification(let id): return AnyEncodable(try await notification(id))
        case .getIdempotency(let key): return AnyEncodable(try await idempotency(key))
        case .claimIdempotency(let record, let staleBefore):
            return AnyEncodable(try await claimIdempotency(record, staleBefore: staleBefore))
        case .deleteIdempotency(let key): return AnyEncodable(try await deleteIdempotency(key))
        case .getSuppression(let address): return AnyEncodable(try await suppression(address))
        case .putSuppression(let suppression): return AnyEncodable(try await putSuppression(suppression))
        case .putEmailFeedback(let feedback): return AnyEncodable(try await putEmailFeedback(feedback))
        case .getUser(let username): return AnyEncodable(try await user(username))
        case .putUser(let user, let version): return AnyEncodable(try await putUser(user, expectedVersion: version))
        case .getSignInFailures(let username): return AnyEncodable(try await signInFailures(username))
        case .putSignInFailures(let failures, let version):
            return AnyEncodable(try await putSignInFailures(failures, expectedVersion: version))
        }
    }
}
