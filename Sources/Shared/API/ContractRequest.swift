/// What ContractProcessor is asked to do.
import WireFormat

public enum ContractAction: String, Codable, Sendable, CaseIterable {
    case createContract = "create_contract"
    case updateContract = "update_contract"
    case deleteContract = "delete_contract"
    case suspendContract = "suspend_contract"
    case reactivateContract = "reactivate_contract"
    /// The termination flow: status change, audit, backup, archive, notice.
    case terminateContract = "terminate_contract"
    case createClient = "create_client"
    case updateClient = "update_client"
}

/// A request to ContractProcessor: the action, who asks, which record, and the request body's
/// fields as sent (ContractProcessor validates them, so every entry point gets the same rules).
public struct ContractRequest: Codable, Sendable, Hashable {
    public var action: ContractAction
    public var caller: Caller
    public var contractId: String?
    public var clientId: String?
    public var fields: [String: JSONValue]
    public var requestId: String?
    /// The `Idempotency-Key` header: a retried request with the same key gets the first answer.
    public var idempotencyKey: String?

    enum CodingKeys: String, CodingKey {
        case action, caller, fields
        case contractId = "contract_id"
        case clientId = "client_id"
        case requestId = "request_id"
        case idempotencyKey = "idempotency_key"
    }

    public init(
        action: ContractAction,
        caller: Caller,
        contractId: String? = nil,
        clientId: String? = nil,
        fields: [String: JSONValue] = [:],
        requestId: String? = nil,
        idempotencyKey: String? = nil
    ) {
        self.action = action
        self.caller = caller
        self.contractId = contractId
        self.clientId = clientId
        self.fields = fields
        self.requestId = requestId
        self.idempotencyKey = idempotencyKey
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        action = try c.decode(ContractAction.self, forKey: .action)
        caller = try c.decode(Caller.self, forKey: .caller)
        contractId = try c.decodeIfPresent(String.self, forKey: .contractId)
        clientId = try c.decodeIfPresent(String.self, forKey: .clientId)
        fields = try c.decodeIfPresent([String: JSONValue].self, forKey: .fields) ?? [:]
        requestId = try c.decodeIfPresent(String.self, forKey: .requestId)
        idempotencyKey = try c.decodeIfPresent(String.self, forKey: .idempotencyKey)
    }
}
