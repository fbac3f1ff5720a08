/// A change to one contract, committed by DatabaseManager as one transaction with its audit
/// entry and, for a request sent with an `Idempotency-Key`, the request's remembered answer: a
/// refused or failed commit leaves none of them.
public struct ContractChange: Codable, Sendable, Hashable {
    public var contractId: String
    /// The contract after the change; nil deletes it.
    public var contract: Contract?
    /// The version the change was made from (the commit fails with 409 if it changed since);
    /// nil creates the contract, which must not exist yet.
    public var expectedVersion: Int?
    public var audit: AuditLog
    /// The answer a retry with the same `Idempotency-Key` gets; the key must be new.
    public var idempotency: IdempotencyRecord?

    enum CodingKeys: String, CodingKey {
        case contractId = "contract_id"
        case contract, audit, idempotency
        case expectedVersion = "expected_version"
    }

    public init(
        contractId: String,
        contract: Contract?,
        expectedVersion: Int?,
        audit: AuditLog,
        idempotency: IdempotencyRecord? = nil
    ) {
        self.contractId = contractId
        self.contract = contract
        self.expectedVersion = expectedVersion
        self.audit = audit
        self.idempotency = idempotency
    }
}

/// A change to one client, committed as one transaction with its audit entry and the guard item
/// that keeps its email unique (moved when the email changes).
public struct ClientChange: Codable, Sendable, Hashable {
    public var client: Client
    /// The version the change was made from; nil creates the client.
    public var expectedVersion: Int?
    /// The email before the change, whose guard goes when the email changes.
    public var previousEmail: String?
    public var audit: AuditLog

    enum CodingKeys: String, CodingKey {
        case client, audit
        case expectedVersion = "expected_version"
        case previousEmail = "previous_email"
    }

    public init(client: Client, expectedVersion: Int?, previousEmail: String? = nil, audit: AuditLog) {
        self.client = client
        self.expectedVersion = expectedVersion
        self.previousEmail = previousEmail
        self.audit = audit
    }
}

/// A change to one document's metadata, committed as one transaction with its audit entry.
public struct FileChange: Codable, Sendable, Hashable {
    public var fileId: String
    /// The record after the change; nil deletes it.
    public var file: FileRecord?
    /// The status the record must have now; nil when it must not exist yet.
    public var expectedStatus: FileStatus?
    public var audit: AuditLog

    enum CodingKeys: String, CodingKey {
        case fileId = "file_id"
        case file, audit
        case expectedStatus = "expected_status"
    }

    public init(fileId: String, file: FileRecord?, expectedStatus: FileStatus?, audit: AuditLog) {
        self.fileId = fileId
        self.file = file
        self.expectedStatus = expectedStatus
        self.audit = audit
    }
}

/// What a committed change answers: the record's key and the version it now has (nil when it
/// was deleted or has no versions).
public struct ChangeAcknowledgement: Codable, Sendable, Hashable {
    public var key: String
    public var version: Int?

    public init(key: String, version: Int?) {
        self.key = key
        self.version = version
    }
}

/// What a change of a contract starts from: the contract (nil when absent, or another client's
/// to a client caller) and the answer committed for the request's `Idempotency-Key`, if any.
/// One contract a change starts from, and the idempotency key whose answer to read with it.
public struct ContractForChangeQuery: Codable, Sendable, Hashable {
    public var contractId: String
    public var idempotencyKey: String?

    enum CodingKeys: String, CodingKey {
        case contractId = "contract_id"
        case idempotencyKey = "idempotency_key"
    }

    public init(contractId: String, idempotencyKey: String?) {
        self.contractId = contractId
        self.idempotencyKey = idempotencyKey
    }
}

public struct ContractForChange: Codable, Sendable, Hashable {
    public var contract: Contract?
    public var idempotency: IdempotencyRecord?

    public init(contract: Contract?, idempotency: IdempotencyRecord?) {
        self.contract = contract
        self.idempotency = idempotency
    }
}
