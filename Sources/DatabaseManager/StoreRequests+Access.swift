import Shared

/// Who may reach the webhook delivery records: the functions' own work alone (the dispatcher
/// records, claims and finishes deliveries as `Caller.webhooks`); no API route reads them.
extension WebhookStoreRequest: GuardedOperation {
    var allowedRoles: Set<Role> { [.service] }
    var concernsUsers: Bool { false }
    var audit: AuditLog? { nil }
}

/// Who may reach the notification platform's records: subscriptions are managed by admins and
/// systems (each change audited as theirs) and read by the stream consumer; a status changes
/// only from SES's events; notification logs are listed for the API's callers, a client's
/// forced to its own (`answerClient`).
extension NotificationStoreRequest: GuardedOperation {
    var allowedRoles: Set<Role> {
        switch self {
        case .commitSubscription, .getSubscription: [.admin, .system]
        case .listSubscriptions: [.admin, .system, .service]
        case .updateNotificationStatus: [.service]
        case .listNotificationLogs: [.admin, .client, .system]
        }
    }

    var concernsUsers: Bool { false }

    var audit: AuditLog? {
        if case .commitSubscription(let change) = self { change.audit } else { nil }
    }
}
