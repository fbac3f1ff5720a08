import Foundation

/// A contract, in the original system's snake_case JSON.
public struct Contract: Codable, Sendable, Hashable {
    public var contractId: String
    public var clientId: String
    public var contractType: String
    public var status: ContractStatus
    public var startDate: String
    public var endDate: String
    public var value: Decimal
    public var currency: String?
    public var description: String?
    public var terminationReason: String?
    public var terminationNotes: String?
    public var terminatedAt: String?
    public var terminationEffectiveDate: String?
    public var terminatedBy: String?
    /// True while a termination waits for its future `termination_effective_date`; absent otherwise.
    public var pendingTermination: Bool?
    /// When the file lifecycle moved the documents of this closed contract to the archives bucket.
    public var documentsArchivedAt: String?
    /// Why the last suspension, reactivation or cancelled termination happened, as its caller said;
    /// the notice that follows the change quotes it.
    public var statusReason: String?
    public var createdAt: String
    public var updatedAt: String
    /// Incremented by every change; writes are conditional on the version the writer read.
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case contractId = "contract_id"
        case clientId = "client_id"
        case contractType = "contract_type"
        case status
        case startDate = "start_date"
        case endDate = "end_date"
        case value
        case currency
        case description
        case terminationReason = "termination_reason"
        case terminationNotes = "termination_notes"
        case terminatedAt = "terminated_at"
        case terminationEffectiveDate = "termination_effective_date"
        case terminatedBy = "terminated_by"
        case pendingTermination = "pending_termination"
        case documentsArchivedAt = "documents_archived_at"
        case statusReason = "status_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case version
    }

    public init(
        contractId: String,
        clientId: String,
        contractType: String,
        status: ContractStatus,
        startDate: String,
        endDate: String,
        value: Decimal,
        currency: String? = nil,
        description: String? = nil,
        createdAt: String,
        updatedAt: String,
        version: Int = 1
    ) {
        self.contractId = contractId
        self.clientId = clientId
        self.contractType = contractType
        self.status = status
        self.startDate = startDate
        self.endDate = endDate
        self.value = value
        self.currency = currency
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Whether a termination is scheduled and not yet final.
    public var hasPendingTermination: Bool { pendingTermination == true }
}
