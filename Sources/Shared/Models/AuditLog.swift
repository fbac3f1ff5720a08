/// One audited change: who did what to which record, when, with the values before and after.
import WireFormat

public struct AuditLog: Codable, Sendable, Hashable {
    public var logId: String
    /// The contract the change concerns (the audit index is keyed by it); nil for other records.
    public var contractId: String?
    public var entityType: String
    public var entityId: String
    public var action: String
    public var actor: String
    public var actorRole: String
    public var timestamp: String
    public var requestId: String
    public var before: JSONValue?
    public var after: JSONValue?
    public var details: [String: String]?

    enum CodingKeys: String, CodingKey {
        case logId = "log_id"
        case contractId = "contract_id"
        case entityType = "entity_type"
        case entityId = "entity_id"
        case action, actor
        case actorRole = "actor_role"
        case timestamp
        case requestId = "request_id"
        case before, after, details
    }

    public init(
        logId: String,
        contractId: String?,
        entityType: String,
        entityId: String,
        action: String,
        actor: String,
        actorRole: String,
        timestamp: String,
        requestId: String,
        before: JSONValue? = nil,
        after: JSONValue? = nil,
        details: [String: String]? = nil
    ) {
        self.logId = logId
        self.contractId = contractId
        self.entityType = entityType
        self.entityId = entityId
        self.action = action
        self.actor = actor
        self.actorRole = actorRole
        self.timestamp = timestamp
        self.requestId = requestId
        self.before = before
        self.after = after
        self.details = details
    }
}
