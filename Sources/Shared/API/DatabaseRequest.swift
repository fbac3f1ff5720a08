/// The operations of DatabaseManager, as JSON payloads `{"operation": "get_contract", ...}`.

public enum DatabaseRequest: Sendable, Hashable {
    case getContract(contractId: String)
    /// What a change of the contract starts from, in one call: the contract, and the committed
    /// answer of the request's `Idempotency-Key` when it has one.
    case getContractForChange(contractId: String, idempotencyKey: String?)
    /// `get_contract_for_change` for each of up to `maximumContracts` queries, in their order: a
    /// campaign batch's rows, read in one call.
    case getContractsForChange([ContractForChangeQuery])
    /// Creates, replaces or deletes a contract with its audit entry (and idempotency record), as
    /// one transaction; 409 when the contract changed since `expected_version` or already exists.
    case commitContract(ContractChange)
    /// Lists by status or by client through their indexes; both filters use the client index
    /// and filter on status; no filter scans.
    case listContracts(status: ContractStatus?, clientId: String?, page: PageRequest)
    case getClient(clientId: String)
    /// Creates or replaces a client with its audit entry and email guard, as one transaction;
    /// 409 when another client has the email, or the client changed since `expected_version`.
    case commitClient(ClientChange)
    case listClients(email: String?, page: PageRequest)
    /// A contract's audit trail in time order.
    case listAuditLogs(contractId: String, page: PageRequest)
    /// Creates, replaces or deletes a document's metadata with its audit entry, as one transaction.
    case commitFile(FileChange)
    case getFile(fileId: String)
    /// A contract's documents in upload order.
    case listFiles(contractId: String, page: PageRequest)
    /// The ACTIVE documents of each of up to `maximumContracts` contracts, in the contracts' order
    /// and upload order: what a stream batch's archives move.
    case activeFiles(contractIds: [String])
    case putNotification(NotificationLog)
    /// A contract's notifications in time order.
    case listNotifications(contractId: String, page: PageRequest)
    case getIdempotency(key: String)
    /// Creates the record if the key is new, or takes over an IN_PROGRESS record created before
    /// `staleBefore` (its request died); 409 otherwise.
    case claimIdempotency(IdempotencyRecord, staleBefore: String)
    case deleteIdempotency(key: String)
    case getNotification(notificationId: String)
    /// The contracts a scheduled rule works on, a page at a time.
    case listContractsDue(ContractSweep, page: PageRequest)
    case getSuppression(emailAddress: String)
    /// Adds or replaces an address on the suppression list.
    case putSuppression(Suppression)
    /// Records a bounce or complaint (replacing the same feedback id: SNS may deliver twice).
    case putEmailFeedback(EmailFeedback)
    case getUser(username: String)
    /// Creates when `expectedVersion` is nil (409 if the username is taken), else replaces that version.
    case putUser(User, expectedVersion: Int?)
    case getSignInFailures(username: String)
    /// Creates when `expectedVersion` is nil, else replaces that version (409 when it changed meanwhile).
    case putSignInFailures(SignInFailures, expectedVersion: Int?)

    /// The most contracts one `active_files` reads: a stream batch's.
    public static let maximumContracts = 100

    public var operation: String {
        switch self {
        case .getContract: "get_contract"
        case .getContractForChange: "get_contract_for_change"
        case .getContractsForChange: "get_contracts_for_change"
        case .commitContract: "commit_contract"
        case .listContracts: "list_contracts"
        case .getClient: "get_client"
        case .commitClient: "commit_client"
        case .listClients: "list_clients"
        case .listAuditLogs: "list_audit_logs"
        case .commitFile: "commit_file"
        case .getFile: "get_file"
        case .listFiles: "list_files"
        case .activeFiles: "active_files"
        case .putNotification: "put_notification"
        case .listNotifications: "list_notifications"
        case .getIdempotency: "get_idempotency"
        case .claimIdempotency: "claim_idempotency"
        case .deleteIdempotency: "delete_idempotency"
        case .getNotification: "get_notification"
        case .listContractsDue: "list_contracts_due"
        case .getSuppression: "get_suppression"
        case .putSuppression: "put_suppression"
        case .putEmailFeedback: "put_email_feedback"
        case .getUser: "get_user"
        case .putUser: "put_user"
        case .getSignInFailures: "get_sign_in_failures"
        case .putSignInFailures: "put_sign_in_failures"
        }
    }
}

extension DatabaseRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case operation
        case contractId = "contract_id"
        case contractIds = "contract_ids"
        case queries
        case clientId = "client_id"
        case client, status, email, page, change
        case expectedVersion = "expected_version"
        case fileId = "file_id"
        case notification, idempotency
        case idempotencyKey = "idempotency_key"
        case staleBefore = "stale_before"
        case notificationId = "notification_id"
        case sweep, suppression, feedback
        case emailAddress = "email_address"
        case username, user
        case signInFailures = "sign_in_failures"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let operation = try c.decode(String.self, forKey: .operation)
        let page = try c.decodeIfPresent(PageRequest.self, forKey: .page) ?? PageRequest()
        let request = try Self.recordOperation(operation, c, page) ?? Self.serviceOperation(operation, c, page)
        guard let request else {
            throw DecodingError.dataCorruptedError(
                forKey: .operation,
                in: c,
                debugDescription: "unknown operation '\(operation)'"
            )
        }
        self = request
    }

    /// The operations on contracts, clients, audit logs and documents; nil for another operation.
    private static func recordOperation(
        _ operation: String,
        _ c: KeyedDecodingContainer<CodingKeys>,
        _ page: PageRequest
    ) throws -> DatabaseRequest? {
        switch operation {
        case "get_contract": return .getContract(contractId: try c.decode(String.self, forKey: .contractId))
        case "get_contract_for_change":
            return .getContractForChange(
                contractId: try c.decode(String.self, forKey: .contractId),
                idempotencyKey: try c.decodeIfPresent(String.self, forKey: .idempotencyKey)
            )
        case "get_contracts_for_change":
            return .getContractsForChange(try c.decode([ContractForChangeQuery].self, forKey: .queries))
        case "commit_contract": return .commitContract(try c.decode(ContractChange.self, forKey: .change))
        case "list_contracts":
            return .listContracts(
                status: try c.decodeIfPresent(ContractStatus.self, forKey: .status),
                clientId: try c.decodeIfPresent(String.self, forKey: .clientId),
                page: page
            )
        case "get_client": return .getClient(clientId: try c.decode(String.self, forKey: .clientId))
        case "commit_client": return .commitClient(try c.decode(ClientChange.self, forKey: .change))
        case "list_clients": return .listClients(email: try c.decodeIfPresent(String.self, forKey: .email), page: page)
        case "list_audit_logs":
            return .listAuditLogs(contractId: try c.decode(String.self, forKey: .contractId), page: page)
        case "commit_file": return .commitFile(try c.decode(FileChange.self, forKey: .change))
        case "get_file": return .getFile(fileId: try c.decode(String.self, forKey: .fileId))
        case "list_files": return .listFiles(contractId: try c.decode(String.self, forKey: .contractId), page: page)
        case "active_files": return .activeFiles(contractIds: try c.decode([String].self, forKey: .contractIds))
        default: return nil
        }
    }

    /// The operations on notifications, idempotency, contracts due, email and users; nil for another one.
    private static func serviceOperation(
        _ operation: String,
        _ c: KeyedDecodingContainer<CodingKeys>,
        _ page: PageRequest
    ) throws -> DatabaseRequest? {
        switch operation {
        case "put_notification": return .putNotification(try c.decode(NotificationLog.self, forKey: .notification))
        case "list_notifications":
            return .listNotifications(contractId: try c.decode(String.self, forKey: .contractId), page: page)
        case "get_idempotency": return .getIdempotency(key: try c.decode(String.self, forKey: .idempotencyKey))
        case "claim_idempotency":
            return .claimIdempotency(
                try c.decode(IdempotencyRecord.self, forKey: .idempotency),
                staleBefore: try c.decode(String.self, forKey: .staleBefore)
            )
        case "delete_idempotency": return .deleteIdempotency(key: try c.decode(String.self, forKey: .idempotencyKey))
        case "get_notification":
            return .getNotification(notificationId: try c.decode(String.self, forKey: .notificationId))
        case "list_contracts_due":
            return .listContractsDue(try c.decode(ContractSweep.self, forKey: .sweep), page: page)
        case "get_suppression": return .getSuppression(emailAddress: try c.decode(String.self, forKey: .emailAddress))
        case "put_suppression": return .putSuppression(try c.decode(Suppression.self, forKey: .suppression))
        case "put_email_feedback": return .putEmailFeedback(try c.decode(EmailFeedback.self, forKey: .feedback))
        case "get_user": return .getUser(username: try c.decode(String.self, forKey: .username))
        case "put_user":
            return .putUser(
                try c.decode(User.self, forKey: .user),
                expectedVersion: try c.decodeIfPresent(Int.self, forKey: .expectedVersion)
            )
        case "get_sign_in_failures": return .getSignInFailures(username: try c.decode(String.self, forKey: .username))
        case "put_sign_in_failures":
            return .putSignInFailures(
                try c.decode(SignInFailures.self, forKey: .signInFailures),
                expectedVersion: try c.decodeIfPresent(Int.self, forKey: .expectedVersion)
            )
        default: return nil
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(operation, forKey: .operation)
        switch self {
        case .getContract(let id): try c.encode(id, forKey: .contractId)
        case .getContractForChange(let id, let key):
            try c.encode(id, forKey: .contractId)
            try c.encodeIfPresent(key, forKey: .idempotencyKey)
        case .getContractsForChange(let queries): try c.encode(queries, forKey: .queries)
        case .commitContract(let change): try c.encode(change, forKey: .change)
        case .listContracts(let status, let clientId, let page):
            try c.encodeIfPresent(status, forKey: .status)
            try c.encodeIfPresent(clientId, forKey: .clientId)
            try c.encode(page, forKey: .page)
        case .getClient(let id): try c.encode(id, forKey: .clientId)
        case .commitClient(let change): try c.encode(change, forKey: .change)
        case .listClients(let email, let page):
            try c.encodeIfPresent(email, forKey: .email)
            try c.encode(page, forKey: .page)
        case .listAuditLogs(let id, let page), .listFiles(let id, let page), .listNotifications(let id, let page):
            try c.encode(id, forKey: .contractId)
            try c.encode(page, forKey: .page)
        case .commitFile(let change): try c.encode(change, forKey: .change)
        case .getFile(let id): try c.encode(id, forKey: .fileId)
        case .activeFiles(let ids): try c.encode(ids, forKey: .contractIds)
        case .putNotification(let log): try c.encode(log, forKey: .notification)
        case .getIdempotency(let key), .deleteIdempotency(let key): try c.encode(key, forKey: .idempotencyKey)
        case .claimIdempotency(let record, let staleBefore):
            try c.encode(record, forKey: .idempotency)
            try c.encode(staleBefore, forKey: .staleBefore)
        case .getNotification(let id): try c.encode(id, forKey: .notificationId)
        case .listContractsDue(let sweep, let page):
            try c.encode(sweep, forKey: .sweep)
            try c.encode(page, forKey: .page)
        case .getSuppression(let address): try c.encode(address, forKey: .emailAddress)
        case .putSuppression(let suppression): try c.encode(suppression, forKey: .suppression)
        case .putEmailFeedback(let feedback): try c.encode(feedback, forKey: .feedback)
        case .getUser(let username), .getSignInFailures(let username): try c.encode(username, forKey: .username)
        case .putUser(let user, let version):
            try c.encode(user, forKey: .user)
            try c.encodeIfPresent(version, forKey: .expectedVersion)
        case .putSignInFailures(let failures, let version):
            try c.encode(failures, forKey: .signInFailures)
            try c.encodeIfPresent(version, forKey: .expectedVersion)
        }
    }
}
