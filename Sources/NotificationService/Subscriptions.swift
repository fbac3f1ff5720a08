import Foundation
import HandlerRuntime
import Shared

/// Creating and deleting subscriptions: each checked, committed with its audit entry (which never
/// holds the secret), for an admin or a system caller.
struct Subscriptions: Sendable {
    let services: Services
    let context: LambdaContext

    /// At most this many subscriptions: each stream batch reads them all.
    static let maximumCount = 50
    static let maximumEvents = SubscriptionEvent.names.count

    /// The records, read and written for the admin or system that asked (the audit names it too).
    func database(_ caller: Caller) -> DatabaseClient {
        DatabaseClient(functions: services.functions, context: context, caller: caller)
    }

    func handle(_ request: SubscriptionRequest) async throws -> SubscriptionView {
        switch request {
        case .create(let draft, let caller, let requestId):
            return try await create(draft, caller: caller, requestId: requestId ?? context.requestID)
        case .delete(let id, let caller, let requestId):
            return try await delete(id, caller: caller, requestId: requestId ?? context.requestID)
        }
    }

    private func create(_ draft: SubscriptionDraft, caller: Caller, requestId: String) async throws -> SubscriptionView
    {
        try Self.requireManager(caller)
        let url = try WebhookURL(draft.url)
        let events = try Self.checkEvents(draft.events)
        if let description = draft.description {
            try Validate.text(description, field: "description", maximum: 200, allowLineBreaks: false)
        }
        guard try await database(caller).allSubscriptions().count < Self.maximumCount else {
            throw DomainError.conflict("there are \(Self.maximumCount) subscriptions already; delete one first")
        }
        if let id = draft.subscriptionId, !Validate.isId(id, prefix: "SB") {
            throw DomainError.invalid("subscription_id must be SB followed by 6 upper-case letters or digits")
        }
        let subscription = Subscription(
            subscriptionId: draft.subscriptionId ?? services.ids.next("SB", 6),
            url: url.text,
            events: events,
            description: draft.description,
            secret: WebhookSignature.newSecret(),
            createdAt: services.now,
            createdBy: caller.subject
        )
        let audit = try AuditLog.change(
            "CREATE_SUBSCRIPTION",
            entityType: "subscription",
            entityId: subscription.subscriptionId,
            caller: caller,
            services: services,
            requestId: requestId,
            before: SubscriptionView?.none,
            after: subscription.view()
        )
        try await database(caller).commit(
            SubscriptionChange(
                subscriptionId: subscription.subscriptionId,
                subscription: subscription,
                expectedVersion: nil,
                audit: audit
            )
        )
        context.logger.info("subscription created", ["subscription_id": subscription.subscriptionId, "url": url.text])
        return subscription.view(revealingSecret: true)
    }

    private func delete(_ id: String, caller: Caller, requestId: String) async throws -> SubscriptionView {
        try Self.requireManager(caller)
        guard let subscription = try await database(caller).subscription(id) else {
            throw DomainError.notFound("subscription \(id) does not exist")
        }
        let audit = try AuditLog.change(
            "DELETE_SUBSCRIPTION",
            entityType: "subscription",
            entityId: id,
            caller: caller,
            services: services,
            requestId: requestId,
            before: subscription.view(),
            after: SubscriptionView?.none
        )
        try await database(caller).commit(
            SubscriptionChange(
                subscriptionId: id,
                subscription: nil,
                expectedVersion: subscription.version,
                audit: audit
            )
        )
        return subscription.view()
    }

    static func requireManager(_ caller: Caller) throws {
        guard caller.role == .admin || caller.role == .system else {
            throw DomainError.forbidden("role \(caller.role.rawValue) may not manage subscriptions")
        }
    }

    /// 1 to all the event names, each known, without repeats.
    static func checkEvents(_ events: [String]) throws -> [String] {
        guard (1...maximumEvents).contains(events.count) else {
            throw DomainError.invalid("events must list 1 to \(maximumEvents) event types")
        }
        for event in events where !SubscriptionEvent.names.contains(event) {
            throw DomainError.invalid(
                "unknown event type '\(event.prefix(60))'; one of \(SubscriptionEvent.names.joined(separator: ", "))"
            )
        }
        guard Set(events).count == events.count else { throw DomainError.invalid("events lists an event type twice") }
        return events
    }
}
