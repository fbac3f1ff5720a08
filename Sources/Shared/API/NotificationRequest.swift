import Cryptography
import Foundation

/// A request to NotificationService: render a template with named values and send it.
public struct NotificationRequest: Codable, Sendable, Hashable {
    public var template: String
    public var to: [String]
    public var values: [String: String]
    public var contractId: String?
    public var caller: Caller
    /// The id to log the notification under, chosen by the caller: a request retried with the
    /// same id (an asynchronous invocation retried by Lambda) is sent once.
    public var notificationId: String?
    /// The client of `contract_id`, when the sender knows it (else it is looked up).
    public var clientId: String?

    enum CodingKeys: String, CodingKey {
        case template, to, values, caller
        case contractId = "contract_id"
        case notificationId = "notification_id"
        case clientId = "client_id"
    }

    public init(
        template: String,
        to: [String],
        values: [String: String],
        contractId: String? = nil,
        caller: Caller,
        notificationId: String? = nil,
        clientId: String? = nil
    ) {
        self.template = template
        self.to = to
        self.values = values
        self.contractId = contractId
        self.caller = caller
        self.notificationId = notificationId
        self.clientId = clientId
    }
}

/// Notification ids: `NT` followed by 12 upper-case letters or digits.
public enum NotificationID {
    /// The id for a notification that must go out once per `key` (e.g. `expiry#CT001ABC#2026-12-15`),
    /// whoever sends it and however often: a digest of the key.
    public static func derived(from key: String) -> String {
        "NT" + Hex.encode(Digest.sha256(Data(key.utf8)).prefix(6)).uppercased()
    }

    /// A contract is terminated once, so its termination notice goes out once, whoever queues it.
    public static func terminationNotice(_ contractId: String) -> String {
        derived(from: "termination#\(contractId)")
    }

    public static func isValid(_ id: String) -> Bool {
        Validate.isId(id, prefix: "NT", length: 14)
    }
}

/// The templates every deployment has (`templates/<name>/` in the repository).
public enum TemplateName: String, Codable, Sendable, CaseIterable {
    case terminationNotice = "termination-notice"
    case statusUpdate = "status-update"
    case approvalRequest = "approval-request"
    case systemAlert = "system-alert"
    case terminationScheduled = "termination-scheduled"
    case renewalReminder = "renewal-reminder"
}
