import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// The webhook deliveries table: records made once per id, a lease for each attempt, and the
/// two sparse indexes of what still waits (by ordering key, by due time).
struct WebhookDeliveryRecords: Sendable {
    let store: TableAccess

    func handle(_ request: WebhookStoreRequest) async throws -> AnyEncodable {
        switch request {
        case .createDeliveries(let deliveries):
            return AnyEncodable(try await create(deliveries))
        case .getDelivery(let id):
            return AnyEncodable(
                DatabaseClient.Record(try await store.get(WebhookDelivery.self, from: table, key: key(id)))
            )
        case .listDeliveries(let status, let page):
            let filter = status.map { Condition.equals("status", .string($0.rawValue)) }
            return AnyEncodable(try await store.scan(WebhookDelivery.self, table, filter: filter, page: page))
        case .queueHead(let orderingKey):
            let first = try await store.query(
                WebhookDelivery.self,
                table,
                index: "queue-index",
                partition: orderingKey,
                page: PageRequest(limit: 1)
            )
            return AnyEncodable(DatabaseClient.Record(first.items.first))
        case .dueDeliveries(let now, let page):
            return AnyEncodable(
                try await store.query(
                    WebhookDelivery.self,
                    table,
                    index: "due-index",
                    partition: WebhookDelivery.waitingPartition,
                    sortKey: .lessThanOrEqual(.string(now)),
                    page: page
                )
            )
        case .claimDelivery(let id, let leaseId, let now, let until, let anyStatus):
            return AnyEncodable(
                DatabaseClient.Record(
                    try await claim(id, leaseId: leaseId, now: now, until: until, anyStatus: anyStatus)
                )
            )
        case .claimHead(let claim):
            return AnyEncodable(DatabaseClient.Record(try await claimHead(claim)))
        case .finishAttempts(let finishes):
            return AnyEncodable(try await finish(finishes))
        }
    }

    /// Each attempt written under its lease, in order, then its key's next delivery claimed.
    private func finish(_ finishes: [WebhookFinish]) async throws -> [WebhookDelivery] {
        guard finishes.count <= WebhookStoreRequest.maximumDeliveries else {
            throw DomainError.invalid("at most \(WebhookStoreRequest.maximumDeliveries) attempts per request")
        }
        var claimed: [WebhookDelivery] = []
        for finish in finishes {
            try await store.put(
                finish.delivery,
                into: table,
                condition: .equals("lease_id", .string(finish.leaseId)),
                conflict:
                    "the lease on webhook delivery \(finish.delivery.deliveryId) was lost; another sender holds it"
            )
            if let next = finish.next, let head = try await claimHead(next) { claimed.append(head) }
        }
        return claimed
    }

    private var table: TableDefinition { Tables.webhookDeliveries }

    private func key(_ id: String) -> Item { ["delivery_id": .string(id)] }

    /// Each delivery written only if its id is new: a producer that runs again (a stream batch
    /// delivered twice) makes no second delivery.
    func create(_ deliveries: [WebhookDelivery]) async throws -> [String] {
        guard deliveries.count <= WebhookStoreRequest.maximumDeliveries else {
            throw DomainError.invalid("at most \(WebhookStoreRequest.maximumDeliveries) deliveries per request")
        }
        var created: [String] = []
        for delivery in deliveries {
            do {
                try await store.put(
                    delivery,
                    into: table,
                    condition: .attributeNotExists("delivery_id"),
                    conflict: "exists"
                )
                created.append(delivery.deliveryId)
            } catch DomainError.conflict {
                continue
            }
        }
        return created
    }

    private func claim(
        _ id: String,
        leaseId: String,
        now: String,
        until: String,
        anyStatus: Bool
    ) async throws -> WebhookDelivery {
        let free: Condition = .or([.attributeNotExists("lease_until"), .lessThan("lease_until", .string(now))])
        var conditions: [Condition] = [.attributeExists("delivery_id"), free]
        if !anyStatus {
            conditions += [
                .equals("waiting", .string(WebhookDelivery.waitingPartition)),
                .lessThanOrEqual("next_attempt_at", .string(now)),
            ]
        }
        do {
            return try await store.update(
                WebhookDelivery.self,
                in: table,
                key: key(id),
                actions: [.set("lease_id", .string(leaseId)), .set("lease_until", .string(until))],
                condition: .and(conditions)
            )
        } catch DomainError.conflict {
            throw try await refusal(id, now: now)
        }
    }

    /// The key's first waiting delivery, claimed if it is due and no other sender holds it.
    func claimHead(_ claim: WebhookClaim) async throws -> WebhookDelivery? {
        let first = try await store.query(
            WebhookDelivery.self,
            table,
            index: "queue-index",
            partition: claim.orderingKey,
            page: PageRequest(limit: 1)
        )
        guard let head = first.items.first, (head.nextAttemptAt ?? "") <= claim.now else { return nil }
        do {
            return try await self.claim(
                head.deliveryId,
                leaseId: claim.leaseId,
                now: claim.now,
                until: claim.until,
                anyStatus: false
            )
        } catch DomainError.conflict {
            return nil  // another sender holds it and carries on
        }
    }

    /// Why a claim was refused, from the delivery as it is now.
    private func refusal(_ id: String, now: String) async throws -> DomainError {
        guard let current = try await store.get(WebhookDelivery.self, from: table, key: key(id)) else {
            return .notFound("webhook delivery \(id) does not exist")
        }
        if let until = current.leaseUntil, until >= now {
            return .conflict("webhook delivery \(id) is being attempted by another sender (until \(until))")
        }
        if !current.status.isWaiting { return .conflict("webhook delivery \(id) is \(current.status.rawValue)") }
        return .conflict("webhook delivery \(id) is not due before \(current.nextAttemptAt ?? "-")")
    }
}
