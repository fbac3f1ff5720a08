import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// The notification platform's records: subscriptions (each change audited in its
/// transaction), and the status of notification logs.
struct NotificationRecords: Sendable {
    let store: TableAccess
    let commits: Commits
    let deliveries: WebhookDeliveryRecords

    func handle(_ request: NotificationStoreRequest, before deadline: Date) async throws -> AnyEncodable {
        switch request {
        case .commitSubscription(let change):
            return AnyEncodable(try await commits.commit(change, before: deadline))
        case .getSubscription(let id):
            let key: Item = ["subscription_id": .string(id)]
            return AnyEncodable(
                DatabaseClient.Record(try await store.get(Subscription.self, from: Tables.subscriptions, key: key))
            )
        case .listSubscriptions(let page):
            return AnyEncodable(try await store.scan(Subscription.self, Tables.subscriptions, filter: nil, page: page))
        case .updateNotificationStatus(let id, let change):
            return AnyEncodable(DatabaseClient.Record(try await updateStatus(id, change)))
        case .listNotificationLogs(let filter, let page):
            return AnyEncodable(try await notifications(filter, page: page))
        case .noticeContext(let queries):
            guard queries.count <= NoticeContextQuery.maximumQueries else {
                throw DomainError.invalid("at most \(NoticeContextQuery.maximumQueries) queries per notice_context")
            }
            var found: [NoticeContext] = []
            for query in queries { found.append(try await noticeContext(query)) }
            return AnyEncodable(found)
        case .publishEvents(let publication):
            return AnyEncodable(try await publish(publication))
        case .recordTemplateChange(let audit):
            return AnyEncodable(try await commits.commit(templateAudit: audit, before: deadline))
        }
    }

    /// The log under the notification's id, the client (named, else the contract's) and which of
    /// the recipients and the client's address are suppressed, read in one call.
    private func noticeContext(_ query: NoticeContextQuery) async throws -> NoticeContext {
        var notification: NotificationLog?
        if let id = query.notificationId {
            notification = try await store.get(
                NotificationLog.self,
                from: Tables.notifications,
                key: ["notification_id": .string(id)]
            )
        }
        var clientId = query.clientId
        if clientId == nil, let contractId = query.contractId {
            let key: Item = ["contract_id": .string(contractId)]
            clientId = try await store.get(Contract.self, from: Tables.contracts, key: key)?.clientId
        }
        var client: Client?
        if let clientId {
            client = try await store.get(Client.self, from: Tables.clients, key: ["client_id": .string(clientId)])
        }
        var suppressed: [String] = []
        for address in query.recipients + (client.map { [$0.email] } ?? []) where !suppressed.contains(address) {
            let key: Item = ["email_address": .string(address.lowercased())]
            if try await store.get(Suppression.self, from: Tables.suppressions, key: key) != nil {
                suppressed.append(address)
            }
        }
        return NoticeContext(notification: notification, suppressed: suppressed, client: client)
    }

    /// One delivery per event and subscription that wants it, recorded before any attempt, then
    /// the head of each key claimed under the publication's lease.
    private func publish(_ publication: EventPublication) async throws -> PublicationResult {
        guard publication.events.count <= EventPublication.maximumEvents else {
            throw DomainError.invalid("at most \(EventPublication.maximumEvents) events per publication")
        }
        let subscriptions = try await Paginator.pages {
            try await store.scan(Subscription.self, Tables.subscriptions, filter: nil, page: $0)
        }.items(\.items)
        let messages = publication.events.flatMap { event in
            subscriptions.filter { $0.wants(event.type) }.map { $0.message(for: event) }
        }
        let planned = try messages.map { try WebhookDispatcher.delivery(for: $0, at: publication.now) }
        var recorded = 0
        for chunk in planned.chunks(ofCount: WebhookStoreRequest.maximumDeliveries) {
            recorded += try await deliveries.create(Array(chunk)).count
        }
        var claimed: [WebhookDelivery] = []
        for key in planned.map(\.orderingKey).firstOccurrences() {
            let claim = WebhookClaim(
                orderingKey: key,
                leaseId: publication.leaseId,
                now: publication.now,
                until: publication.until
            )
            if let head = try await deliveries.claimHead(claim) { claimed.append(head) }
        }
        return PublicationResult(recorded: recorded, claimed: claimed)
    }

    /// Read, apply, write conditional on what was read; SNS delivers events concurrently, and a
    /// lost race reads again.
    private func updateStatus(_ id: String, _ change: NotificationStatusChange) async throws -> NotificationLog? {
        let key: Item = ["notification_id": .string(id)]
        for _ in 0..<8 {
            guard let log = try await store.get(NotificationLog.self, from: Tables.notifications, key: key) else {
                return nil
            }
            let updated = log.applying(change, at: store.services.now)
            let condition: Condition =
                log.updatedAt.map { .equals("updated_at", .string($0)) } ?? .attributeNotExists("updated_at")
            do {
                try await store.put(
                    updated,
                    into: Tables.notifications,
                    condition: condition,
                    conflict: "changed meanwhile"
                )
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
            return try await store.ofContract(
                NotificationLog.self,
                Tables.notifications,
                contractId,
                filter: condition,
                page: page
            )
        }
        return try await store.scan(NotificationLog.self, Tables.notifications, filter: condition, page: page)
    }
}
