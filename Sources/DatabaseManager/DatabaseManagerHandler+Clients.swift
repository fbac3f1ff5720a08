import HandlerRuntime
import Shared

extension Caller {
    /// Whether a record of this client id is the caller's (a record without one is nobody's).
    fileprivate func mine(_ clientId: String?) -> Bool { clientId.map(owns(clientId:)) ?? false }
}

/// What a client caller gets: its own client's records only, whatever it asks for. Another
/// client's record is absent, a list holds only its own entries, and a change must be to one of
/// its own contracts or documents (the commit is conditional on that, too).
extension DatabaseManagerHandler {
    /// The answer for a client caller, or nil when the operation answers it as any other caller.
    func answerClient(_ call: DatabaseCall, context: LambdaContext) async throws -> AnyEncodable? {
        let caller = call.caller
        switch call.request {
        case .getContract(let id): return AnyEncodable(owned(try await contract(id), by: caller) { $0.clientId })
        case .getContractForChange(let id, let key):
            return AnyEncodable(try await contractForChange(id, idempotencyKey: key, owner: caller))
        case .listContracts(let status, let clientId, let page):
            guard clientId == nil || caller.mine(clientId) else {
                return AnyEncodable(Page<Contract>(items: [], nextToken: nil))
            }
            return AnyEncodable(try await listContracts(status: status, clientId: caller.clientId, page: page))
        case .getClient(let id):
            guard caller.mine(id) else { return AnyEncodable(DatabaseClient.Record<Client>(nil)) }
            return nil
        case .listAuditLogs(let contractId, let page):
            var result = try await store.ofContract(AuditLog.self, Tables.auditLogs, contractId, page: page)
            result.items = result.items.filter(caller.owns(auditEntry:))
            return AnyEncodable(result)
        case .getFile(let id): return AnyEncodable(owned(try await file(id), by: caller) { $0.clientId })
        case .listFiles(let contractId, let page):
            var result = try await store.ofContract(FileRecord.self, Tables.files, contractId, page: page)
            result.items = result.items.filter { caller.mine($0.clientId) }
            return AnyEncodable(result)
        case .getNotification(let id):
            return AnyEncodable(owned(try await notification(id), by: caller) { $0.clientId })
        case .commitContract(let change):
            guard let contract = change.contract, caller.mine(contract.clientId) else {
                throw DomainError.forbidden("a client may change only its own contracts, and delete none")
            }
            return AnyEncodable(try await commits.commit(change, owner: contract.clientId, before: context.deadline))
        case .commitFile(let change):
            guard let file = change.file, caller.mine(file.clientId) else {
                throw DomainError.forbidden("a client may record only its own documents, and delete none")
            }
            return nil
        default:
            return nil
        }
    }

    /// The record when it is the caller's client's, else none (another client's record is absent).
    private func owned<T>(
        _ found: DatabaseClient.Record<T>,
        by caller: Caller,
        _ clientId: (T) -> String?
    ) -> DatabaseClient.Record<T> {
        DatabaseClient.Record(found.record.flatMap { caller.mine(clientId($0)) ? $0 : nil })
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
