/// DatabaseManager's records of the notification platform, through the `FunctionInvoker`.
import Shared

extension DatabaseClient {
    /// Creates or deletes a subscription with its audit entry, as one transaction.
    public func commit(_ change: SubscriptionChange) async throws {
        _ = try await send(NotificationStoreRequest.commitSubscription(change), as: ChangeAcknowledgement.self)
    }

    /// Commits the audit entry of a managed template's change.
    public func recordTemplateChange(_ audit: AuditLog) async throws {
        _ = try await send(NotificationStoreRequest.recordTemplateChange(audit), as: ChangeAcknowledgement.self)
    }

    public func subscription(_ id: String) async throws -> Subscription? {
        try await send(NotificationStoreRequest.getSubscription(subscriptionId: id), as: Record<Subscription>.self)
            .record
    }

    public func subscriptions(page: PageRequest) async throws -> Page<Subscription> {
        try await send(NotificationStoreRequest.listSubscriptions(page: page), as: Page<Subscription>.self)
    }

    /// Every subscription, all pages.
    public func allSubscriptions() async throws -> [Subscription] {
        try await Paginator.pages { try await subscriptions(page: $0) }.items(\.items)
    }

    /// The notification's log after the status change, or nil when no notification has the id.
    @discardableResult
    public func updateNotificationStatus(
        _ id: String,
        _ change: NotificationStatusChange
    ) async throws -> NotificationLog? {
        try await send(
            NotificationStoreRequest.updateNotificationStatus(notificationId: id, change: change),
            as: Record<NotificationLog>.self
        ).record
    }

    public func notificationLogs(_ filter: NotificationFilter, page: PageRequest) async throws -> Page<NotificationLog>
    {
        try await send(
            NotificationStoreRequest.listNotificationLogs(filter, page: page),
            as: Page<NotificationLog>.self
        )
    }

    /// What each send needs, read in one call per `NoticeContextQuery.maximumQueries`, in order.
    public func noticeContexts(_ queries: [NoticeContextQuery]) async throws -> [NoticeContext] {
        var found: [NoticeContext] = []
        for chunk in queries.chunks(ofCount: NoticeContextQuery.maximumQueries) {
            found += try await send(NotificationStoreRequest.noticeContext(Array(chunk)), as: [NoticeContext].self)
        }
        guard found.count == queries.count else {
            throw DomainError.internal("notice_context answered \(found.count) contexts for \(queries.count) queries")
        }
        return found
    }

    /// Records the events' deliveries to the subscriptions that want them and claims each key's head.
    public func publish(_ publication: EventPublication) async throws -> PublicationResult {
        try await send(NotificationStoreRequest.publishEvents(publication), as: PublicationResult.self)
    }
}
