/// Where a notification stands: what NotificationService did with it, then what SES's events
/// said became of it.
public enum NotificationStatus: String, Codable, Sendable, CaseIterable {
    case sent = "SENT"
    /// Every recipient was on the suppression list: nothing was sent.
    case suppressed = "SUPPRESSED"
    case failed = "FAILED"
    /// SES handed it to the recipient's mail server (its `delivery` event).
    case delivered = "DELIVERED"
    case bounced = "BOUNCED"
    case complained = "COMPLAINED"
    /// SES found a virus and did not send it (its `reject` event).
    case rejected = "REJECTED"

    /// How far along it is: an event never moves a notification back (a late `delivery` event
    /// after a complaint leaves it COMPLAINED), though every event is kept in its history.
    var rank: Int {
        switch self {
        case .sent, .suppressed, .failed: 0
        case .delivered: 1
        case .bounced, .complained, .rejected: 2
        }
    }
}

/// One status a notification had, with when and why.
public struct NotificationStatusChange: Codable, Sendable, Hashable {
    public var status: String
    public var at: String
    /// SES's word on it: the SMTP answer, the bounce's diagnostic, the reject's reason.
    public var detail: String?

    public init(status: String, at: String, detail: String? = nil) {
        self.status = status
        self.at = at
        self.detail = detail
    }
}

extension NotificationLog {
    /// The log after an event: the change added to the history, and the status moved to it
    /// unless the notification is already further along (then `error` holds SES's reason for a
    /// bounce, complaint or reject).
    public func applying(_ change: NotificationStatusChange, at now: String) -> NotificationLog {
        var log = self
        let history = statusHistory ?? [NotificationStatusChange(status: status, at: sentAt)]
        log.statusHistory = Array((history + [change]).suffix(50))
        let current = NotificationStatus(rawValue: status)?.rank ?? 0
        if let next = NotificationStatus(rawValue: change.status), next.rank >= current {
            log.status = change.status
            // A bounce, complaint or reject is why the notification did not arrive: `error` says so.
            if next.rank == 2 { log.error = change.detail }
        }
        log.updatedAt = now
        return log
    }
}
