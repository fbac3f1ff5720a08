import Shared

/// Who may reach the webhook delivery records: the functions' own work alone (the dispatcher
/// records, claims and finishes deliveries as `WebhookDispatcher.caller`); no API route reads them.
extension WebhookStoreRequest: GuardedOperation {
    var allowedRoles: Set<Role> { [.service] }
    var concernsUsers: Bool { false }
    var audit: AuditLog? { nil }
}

/// Who may reach the notification platform's records: subscriptions are managed by admins and
/// systems (each change audited as theirs) and read by the stream consumer; a managed template's
/// change is audited as its admin's; a status changes
/// only from SES's events; notification logs are listed for the API's callers, a client's
/// forced to its own (`answerClient`).
extension NotificationStoreRequest: GuardedOperation {
    var allowedRoles: Set<Role> {
        switch self {
        case .commitSubscription, .getSubscription: [.admin, .system]
        case .listSubscriptions: [.admin, .system, .service]
        case .updateNotificationStatus: [.service]
        case .listNotificationLogs: [.admin, .client, .system]
        case .noticeContext: [.admin, .system, .service]
        case .publishEvents: [.service]
        case .recordTemplateChange: [.admin]
        }
    }

    var concernsUsers: Bool { false }

    var audit: AuditLog? {
        switch self {
        case .commitSubscription(let change): change.audit
        case .recordTemplateChange(let audit): audit
        default: nil
        }
    }
}

/// Who may reach the campaign records: the campaign routes' roles (admins and systems) read
/// campaigns, their batches and rows and create or cancel one; the state machine's tasks
/// (`CampaignWork.caller`, role service) read them, start and finish a campaign and settle its
/// batches. No client reaches a campaign, and nobody but the tasks settles a batch.
extension CampaignStoreRequest: GuardedOperation {
    var allowedRoles: Set<Role> {
        switch action {
        case .createCampaign, .listRows: [.admin, .system]
        case .getCampaign, .listCampaigns, .listBatches, .updateCampaign: [.admin, .system, .service]
        case .batchRows, .settleBatch: [.service]
        }
    }

    var concernsUsers: Bool { false }
    var audit: AuditLog? { nil }
}
