import Shared

/// Which callers DatabaseManager answers, operation by operation: the roles whose work needs it
/// (through the function that does that work), and nobody else. Users and their password
/// hashes are for the user pool (sign-in) alone.
extension DatabaseRequest: GuardedOperation {
    var allowedRoles: Set<Role> {
        switch self {
        case .getContract, .getContractForChange, .listContracts, .getClient: [.admin, .client, .system, .service]
        case .commitContract: [.admin, .client, .system, .service]
        case .getContractsForChange: [.admin, .system, .service]
        case .commitClient, .listClients: [.admin, .system]
        case .listAuditLogs: [.admin, .client]
        case .commitFile, .getFile, .listFiles: [.admin, .client, .service]
        case .putNotification, .getSuppression: [.admin, .system, .service]
        case .getNotification: [.admin, .client, .system, .service]
        case .listNotifications: [.admin]
        case .getIdempotency, .claimIdempotency, .deleteIdempotency: [.admin, .client, .service]
        case .listContractsDue, .putSuppression, .putEmailFeedback, .activeFiles: [.service]
        case .getUser, .putUser, .getSignInFailures, .putSignInFailures: [.service]
        }
    }

    /// The operations on users: answered to the user pool only.
    var concernsUsers: Bool {
        switch self {
        case .getUser, .putUser, .getSignInFailures, .putSignInFailures: true
        default: false
        }
    }

    /// The audit entry a commit writes, which must name its caller as the actor.
    var audit: AuditLog? {
        switch self {
        case .commitContract(let change): change.audit
        case .commitClient(let change): change.audit
        case .commitFile(let change): change.audit
        default: nil
        }
    }
}

/// An operation of one of DatabaseManager's sets, as its access rule sees it.
protocol GuardedOperation: Codable, Sendable, Hashable {
    var operation: String { get }
    /// The roles whose work needs the operation.
    var allowedRoles: Set<Role> { get }
    /// Whether the operation reads or writes users (the user pool's alone).
    var concernsUsers: Bool { get }
    /// The audit entry the operation writes, which must name its caller as the actor.
    var audit: AuditLog? { get }
}

extension OperationCall where Operation: GuardedOperation {
    /// Refuses (403) an operation the caller's work does not need, a users operation from anyone
    /// but the user pool, and a commit whose audit entry names another actor than the caller.
    func checkAccess() throws {
        try caller.require(request.allowedRoles, to: request.operation.replacingOccurrences(of: "_", with: " "))
        if request.concernsUsers, caller != .userPool {
            throw DomainError.forbidden("only the user pool reads or writes users")
        }
        if let audit = request.audit, audit.actor != caller.subject || audit.actorRole != caller.role.rawValue {
            throw DomainError.forbidden(
                "the audit entry must name the caller (\(caller.subject), \(caller.role.rawValue)) as its actor"
            )
        }
    }
}
