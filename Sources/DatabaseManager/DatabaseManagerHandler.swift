import Foundation
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

    func answer(_ request: DatabaseRequest, context: LambdaContext) async throws -> AnyEncodable {
        switch request {
        case .getContract(let id):
            return AnyEncodable(
                DatabaseClient.Record(
                    try await store.get(Contract.self, from: Tables.contracts, key: ["contract_id": .string(id)])
                )
            )
        case .getContractForChange(let id, let key):
            return AnyEncodable(try await contractForChange(id, idempotencyKey: key, owner: nil))
        case .commitContract(let change):
            return AnyEncodable(try await commits.commit(change, before: context.deadline))
        case .listContracts(let status, let clientId, let page):
            return AnyEncodable(try await listContracts(status: status, clientId: clientId, page: page))
        case .getClient(let id):
            return AnyEncodable(
                DatabaseClient.Record(
                    try await store.get(Client.self, from: Tables.clients, key: ["client_id": .string(id)])
                )
            )
        case .commitClient(let change):
            return AnyEncodable(try await commits.commit(change, before: context.deadline))
        case .listClients(let email, let page):
            if let email {
                return AnyEncodable(
                    try await store.query(
                        Client.self,
                        Tables.clients,
                        index: "email-index",
                        partition: email,
                        page: page
                    )
                )
            }
            return AnyEncodable(try await store.scan(Client.self, Tables.clients, filter: nil, page: page))
        case .listAuditLogs(let contractId, let page):
            return AnyEncodable(
                try await store.query(
                    AuditLog.self,
                    Tables.auditLogs,
                    index: "contract_id-index",
                    partition: contractId,
                    page: page
                )
            )
        case .commitFile(let change):
            return AnyEncodable(try await commits.commit(change, before: context.deadline))
        case .getFile(let id):
            return AnyEncodable(
                DatabaseClient.Record(
                    try await store.get(FileRecord.self, from: Tables.files, key: ["file_id": .string(id)])
                )
            )
        case .listFiles(let contractId, let page):
            return AnyEncodable(
                try await store.query(
                    FileRecord.self,
                    Tables.files,
                    index: "contract_id-index",
                    partition: contractId,
                    page: page
                )
            )
        case .putNotification(let log):
            try await store.replace(log, into: Tables.notifications)
            return AnyEncodable(DatabaseClient.Record(log))
        case .listNotifications(let contractId, let page):
            return AnyEncodable(
                try await store.query(
                    NotificationLog.self,
                    Tables.notifications,
                    index: "contract_id-index",
                    partition: contractId,
                    page: page
                )
            )
        case .getIdempotency(let key):
            return AnyEncodable(
                DatabaseClient.Record(
                    try await store.get(
                        IdempotencyRecord.self,
                        from: Tables.idempotency,
                        key: ["idempotency_key": .string(key)]
                    )
                )
            )
        case .claimIdempotency(let record, let staleBefore):
            let abandoned: Condition = .and([
                .equals("status", "IN_PROGRESS"), .lessThan("created_at", .string(staleBefore)),
            ])
            try await store.put(
                record,
                into: Tables.idempotency,
                condition: .or([.attributeNotExists("idempotency_key"), abandoned]),
                conflict: "a request with this Idempotency-Key is still in progress"
            )
            return AnyEncodable(DatabaseClient.Record(record))
        case .deleteIdempotency(let key):
            try await store.remove(from: Tables.idempotency, key: ["idempotency_key": .string(key)])
            return AnyEncodable(DatabaseClient.Record<IdempotencyRecord>(nil))
        case .getNotification(let id):
            return AnyEncodable(
                DatabaseClient.Record(
                    try await store.get(
                        NotificationLog.self,
                        from: Tables.notifications,
                        key: ["notification_id": .string(id)]
                    )
                )
            )
        case .listContractsDue(let sweep, let page):
            return AnyEncodable(
                try await store.query(
                    Contract.self,
                    Tables.contracts,
                    index: "status-index",
                    partition: sweep.status.rawValue,
                    filter: sweep.filter,
                    page: page
                )
            )
        case .getSuppression(let address):
            return AnyEncodable(
                DatabaseClient.Record(
                    try await store.get(
                        Suppression.self,
                        from: Tables.suppressions,
                        key: ["email_address": .string(address.lowercased())]
                    )
                )
            )
        case .putSuppression(let suppression):
            try await store.replace(suppression, into: Tables.suppressions)
            return AnyEncodable(DatabaseClient.Record(suppression))
        case .putEmailFeedback(let feedback):
            try await store.replace(feedback, into: Tables.emailFeedback)
            return AnyEncodable(DatabaseClient.Record(feedback))
        case .getUser(let username):
            // `failures:` keys share the table; no username contains a colon.
            guard !username.contains(":") else { return AnyEncodable(DatabaseClient.Record<User>(nil)) }
            return AnyEncodable(
                DatabaseClient.Record(
                    try await store.get(User.self, from: Tables.users, key: ["username": .string(username)])
                )
            )
        case .putUser(let user, let expectedVersion):
            try await store.put(
                user,
                into: Tables.users,
                key: ["username": .string(user.username)],
                expectedVersion: expectedVersion,
                what: "user \(user.username)"
            )
            return AnyEncodable(DatabaseClient.Record(user))
        case .getSignInFailures(let username):
            let key = SignInFailures.key(for: username)
            return AnyEncodable(
                DatabaseClient.Record(
                    try await store.get(SignInFailures.self, from: Tables.users, key: ["username": .string(key)])
                )
            )
        case .putSignInFailures(let failures, let expectedVersion):
            try await store.put(
                failures,
                into: Tables.users,
                key: ["username": .string(failures.key)],
                expectedVersion: expectedVersion,
                what: "the sign-in failures of \(failures.key)"
            )
            return AnyEncodable(DatabaseClient.Record(failures))
        }
    }

    /// The contract and the key's record, read together; with an `owner`, another client's
    /// contract is absent and so is the record of a key used on it.
    func contractForChange(_ id: String, idempotencyKey: String?, owner: Caller?) async throws -> ContractForChange {
        let contract = try await store.get(Contract.self, from: Tables.contracts, key: ["contract_id": .string(id)])
        guard let contract, owner?.owns(clientId: contract.clientId) ?? true else {
            return ContractForChange(contract: nil, idempotency: nil)
        }
        guard let idempotencyKey else { return ContractForChange(contract: contract, idempotency: nil) }
        let record = try await store.get(
            IdempotencyRecord.self,
            from: Tables.idempotency,
            key: ["idempotency_key": .string(idempotencyKey)]
        )
        return ContractForChange(contract: contract, idempotency: record)
    }

    /// By client (index, status as a filter) or by status (index); only an unfiltered list scans.
    func listContracts(status: ContractStatus?, clientId: String?, page: PageRequest) async throws -> Page<Contract> {
        switch (status, clientId) {
        case (let status, let clientId?):
            return try await store.query(
                Contract.self,
                Tables.contracts,
                index: "client_id-index",
                partition: clientId,
                filter: status.map { .equals("status", .string($0.rawValue)) },
                page: page
            )
        case (let status?, nil):
            return try await store.query(
                Contract.self,
                Tables.contracts,
                index: "status-index",
                partition: status.rawValue,
                page: page
            )
        case (nil, nil):
            return try await store.scan(Contract.self, Tables.contracts, filter: nil, page: page)
        }
    }
}
