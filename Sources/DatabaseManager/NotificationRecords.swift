import Foundation
import Shared

/// The notification platform's records: subscriptions (each change audited in its
/// transaction), and the status of notification logs.
struct NotificationRecords: Sendable {
    let store: TableAccess
    let commits: Commits

    func handle(_ request: NotificationStoreRequest, before deadline: Date) async throws -> AnyEncodable {
        switch request {
        case .commitSubscription(let change):
            return AnyEncodable(try await commits.commit(change, before: deadline))
        case .getSubscription(let id):
            let key: Item = ["subscription_id": .string(id)]
            return AnyEncodable(DatabaseClient.Record(try await store.get(Subscription.self, from: Tables.subscriptions, key: key)))
        case .listSubscriptions(let page):
            return AnyEncodable(try await store.scan(Subscription.self, Tables.subscriptions, filter: nil, page: page))
        case .updateNotificationStatus(let id, let change):
            return AnyEncodable(DatabaseClient.Record(try await updateStatus(id, change)))
        case .listNotificationLogs(let filter, let page):
            return AnyEncodable(try await notifications(filter, page: page))
        case .recordTemplateChange(let audit):
            return AnyEncodable(try await commits.commit(templateAudit: audit, before: deadline))
        }
    }

    /// Read, apply, write conditional on what was read; SNS delivers events concurrently, and a
    /// lost race reads again.
    private func updateStatus(_ id: String, _ change: NotificationStatusChange) async throws -> NotificationLog? {
        let key: Item = ["notification_id": .string(id)]
        for _ in 0..<8 {
            guard let log = try await store.get(NotificationLog.self, from: Tables.notifications, key: key) else { return nil }
            let updated = log.applying(change, at: store.services.now)
            let condition: Condition = log.updatedAt.map { .equals("updated_at", .string($0)) } ?? .attributeNotExists("updated_at")
            do {
                try await store.put(updated, into: Tables.notifications, condition: condition, conflict: "changed meanwhile")
                return updated
            } catch DomainError.conflict {
                continue
            }
        }
        throw DomainError.conflict("notification \(id) kept changing; its status was not updated")
    }

    private func notifications(_ filter: NotificationFilter, page: PageRequest) async throws -> Page<NotificationLog> {
        var conditions: [Condition] = []
        if let status = filter.status { conditions.append(.equals("status", .string(status.rawValue))) }
        if let clientId = filter.clientId { conditions.append(.equals("client_id", .string(clientId))) }
        let condition: Condition? = conditions.isEmpty ? nil : conditions.count == 1 ? conditions[0] : .and(conditions)
        if let contractId = filter.contractId {
            return try await store.query(NotificationLog.self, Tables.notifications, index: "contract_id-index",
                                         partition: contractId, filter: condition, page: page)
        }
        return try await store.scan(NotificationLog.self, Tables.notifications, filter: condition, page: page)
    }
}
