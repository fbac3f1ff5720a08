/// DatabaseManager's webhook delivery records, through the `FunctionInvoker`.
import Shared

extension DatabaseClient {
    /// Records the deliveries not recorded yet; answers the ids created.
    public func createDeliveries(_ deliveries: [WebhookDelivery]) async throws -> [String] {
        try await send(WebhookStoreRequest.createDeliveries(deliveries), as: [String].self)
    }

    public func delivery(_ id: String) async throws -> WebhookDelivery? {
        try await send(WebhookStoreRequest.getDelivery(deliveryId: id), as: Record<WebhookDelivery>.self).record
    }

    public func deliveries(status: WebhookDeliveryStatus?, page: PageRequest) async throws -> Page<WebhookDelivery> {
        try await send(WebhookStoreRequest.listDeliveries(status: status, page: page), as: Page<WebhookDelivery>.self)
    }

    /// The one delivery of the key that may be sent now, if any waits.
    public func queueHead(_ orderingKey: String) async throws -> WebhookDelivery? {
        try await send(WebhookStoreRequest.queueHead(orderingKey: orderingKey), as: Record<WebhookDelivery>.self).record
    }

    public func dueDeliveries(now: String, page: PageRequest) async throws -> Page<WebhookDelivery> {
        try await send(WebhookStoreRequest.dueDeliveries(now: now, page: page), as: Page<WebhookDelivery>.self)
    }

    /// The delivery held for one attempt under `leaseId`, or 409 when it cannot be taken.
    public func claimDelivery(
        _ id: String,
        leaseId: String,
        now: String,
        until: String,
        anyStatus: Bool
    ) async throws -> WebhookDelivery {
        let request = WebhookStoreRequest.claimDelivery(
            deliveryId: id,
            leaseId: leaseId,
            now: now,
            until: until,
            anyStatus: anyStatus
        )
        guard let delivery = try await send(request, as: Record<WebhookDelivery>.self).record else {
            throw DomainError.notFound("webhook delivery \(id) does not exist")
        }
        return delivery
    }

    /// The key's first waiting delivery, taken for one attempt; nil when none is due and free.
    public func claimHead(_ claim: WebhookClaim) async throws -> WebhookDelivery? {
        try await send(WebhookStoreRequest.claimHead(claim), as: Record<WebhookDelivery>.self).record
    }

    /// Writes each delivery after its attempt, in order; answers the next deliveries taken under
    /// the finishes' claims (none for a key with nothing due and free).
    @discardableResult
    public func finishAttempts(_ finishes: [WebhookFinish]) async throws -> [WebhookDelivery] {
        try await send(WebhookStoreRequest.finishAttempts(finishes), as: [WebhookDelivery].self)
    }
}
