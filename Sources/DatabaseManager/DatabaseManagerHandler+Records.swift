import HandlerRuntime
import Shared

/// The operations on the records around contracts: clients, documents and notifications (the
/// lists of a contract's audit logs, documents and notifications go through `TableAccess.ofContract`).
extension DatabaseManagerHandler {
    func client(_ id: String) async throws -> DatabaseClient.Record<Client> {
        DatabaseClient.Record(try await store.get(Client.self, from: Tables.clients, key: ["client_id": .string(id)]))
    }

    /// By email through its index, else every client.
    func clients(email: String?, page: PageRequest) async throws -> Page<Client> {
        guard let email else { return try await store.scan(Client.self, Tables.clients, filter: nil, page: page) }
        return try await store.query(Client.self, Tables.clients, index: "email-index", partition: email, page: page)
    }

    func file(_ id: String) async throws -> DatabaseClient.Record<FileRecord> {
        DatabaseClient.Record(try await store.get(FileRecord.self, from: Tables.files, key: ["file_id": .string(id)]))
    }

    /// Each contract's ACTIVE documents, every page of its index read.
    func activeFiles(_ contractIds: [String]) async throws -> [FileRecord] {
        guard contractIds.count <= DatabaseRequest.maximumContracts else {
            throw DomainError.invalid("active_files takes at most \(DatabaseRequest.maximumContracts) contract ids")
        }
        var found: [FileRecord] = []
        for id in contractIds {
            try Validate.contractId(id)
            found += try await Paginator.pages {
                try await store.ofContract(FileRecord.self, Tables.files, id, page: $0)
            }.items(\.items).filter { $0.status == .active }
        }
        return found
    }

    func notification(_ id: String) async throws -> DatabaseClient.Record<NotificationLog> {
        DatabaseClient.Record(
            try await store.get(NotificationLog.self, from: Tables.notifications, key: ["notification_id": .string(id)])
        )
    }

    func notifications(_ contractId: String, _ page: PageRequest) async throws -> Page<NotificationLog> {
        try await store.ofContract(NotificationLog.self, Tables.notifications, contractId, page: page)
    }

    func putNotification(_ log: NotificationLog) async throws -> DatabaseClient.Record<NotificationLog> {
        try await store.replace(log, into: Tables.notifications)
        return DatabaseClient.Record(log)
    }
}
