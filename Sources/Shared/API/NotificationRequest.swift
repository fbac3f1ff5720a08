/// A request to NotificationService: render a template with named values and send it.
public struct NotificationRequest: Codable, Sendable, Hashable {
    public var template: String
    public var to: [String]
    public var values: [String: String]
    public var contractId: String?
    public var caller: Caller

    enum CodingKeys: String, CodingKey {
        case template, to, values, caller
        case contractId = "contract_id"
    }

    public init(template: String, to: [String], values: [String: String], contractId: String? = nil, caller: Caller) {
        self.template = template
        self.to = to
        self.values = values
        self.contractId = contractId
        self.caller = caller
    }
}

/// The templates every deployment has (`templates/<name>/` in the repository).
public enum TemplateName: String, Codable, Sendable, CaseIterable {
    case terminationNotice = "termination-notice"
    case statusUpdate = "status-update"
    case approvalRequest = "approval-request"
    case systemAlert = "system-alert"
}
