import Shared

/// What a client caller gets: its own client's records only, whatever it asks for. Another
/// client's record is absent, a list holds only its own entries, and a change must be to one of
/// its own contracts or documents (the commit is conditional on that, too).
extension DatabaseManagerHandler {
    /// The answer for a client caller, or nil when the operation answers it as any other caller.
    func answerClient(_ call: DatabaseCall, context: LambdaContext) async throws -> AnyEncodable? {
        let caller = call.caller
        func mine(_ clientId: String?) -> Bool { clientId.map(caller.owns(clientId:)) ?? false }
        switch call.request {
        case .getContract(let id):
            let contract = try await store.get(Contract.self, from: Tables.contracts, key: ["contract_id": .string(id)])
            return AnyEncodable(DatabaseClient.Record(contract.flatMap { mine($0.clientId) ? $0 : nil }))
        case .getContractForChange(let id, let key):
            return AnyEncodable(try await contractForChange(id, idempotencyKey: key, owner: caller))
        case .listContracts(let status, let clientId, let page):
            guard clientId == nil || mine(clientId) else {
                return AnyEncodable(Page<Contract>(items: [], nextToken: nil))
            }
            return AnyEncodable(try await listContracts(status: status, clientId: caller.clientId, page: page))
        case .getClient(let id):
            guard mine(id) else { return AnyEncodable(DatabaseClient.Record<Client>(nil)) }
            return nil
        case .listAuditLogs(let contractId, let page):
            var result = try await store.query(
                AuditLog.self,
                Tables.auditLogs,
                index: "contract_id-index",
                partition: contractId,
                page: page
            )
            result.items = result.items.filter(caller.owns(auditEntry:))
            return AnyEncodable(result)
        case .getFile(let id):
            let file = try await store.get(FileRecord.self, from: Tables.files, key: ["file_id": .string(id)])
            return AnyEncodable(DatabaseClient.Record(file.flatMap { mine($0.clientId) ? $0 : nil }))
        case .listFiles(let contractId, let page):
            var result = try await store.query(
                FileRecord.self,
                Tables.files,
                index: "contract_id-index",
                partition: contractId,
                page: page
            )
            result.items = result.items.filter { mine($0.clientId) }
            return AnyEncodable(result)
        case .getNotification(let id):
            let log = try await store.get(
                NotificationLog.self,
                from: Tables.notifications,
                key: ["notification_id": .string(id)]
            )
            return AnyEncodable(DatabaseClient.Record(log.flatMap { mine($0.clientId) ? $0 : nil }))
        case .commitContract(let change):
            guard let contract = change.contract, mine(contract.clientId) else {
                throw DomainError.forbidden("a client may change only its own contracts, and delete none")
            }
            return AnyEncodable(try await commits.commit(change, owner: contract.clientId, before: context.deadline))
        case .commitFile(let change):
            guard let file = change.file, mine(file.clientId) else {
                throw DomainError.forbidden("a client may record only its own documents, and delete none")
            }
            return nil
        default:
            return nil
        }
    }

    /// A client lists its own notifications only, whatever filter it sends; the rest of the
    /// notification platform's records are not a client's (`allowedRoles` refuses them).
    func answerClient(_ call: NotificationStoreCall, context: LambdaContext) async throws -> AnyEncodable? {
        guard case .listNotificationLogs(var filter, let page) = call.request else { return nil }
        guard filter.clientId == nil || filter.clientId == call.caller.clientId, call.caller.clientId != nil else {
            return AnyEncodable(Page<NotificationLog>(items: [], nextToken: nil))
        }
        filter.clientId = call.caller.clientId
        return try await notifications.handle(.listNotificationLogs(filter, page: page), before: context.deadline)
    }
}
