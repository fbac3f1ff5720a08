/// The one access rule every function applies to the caller it is handed: a role allowed the
/// action, and a client only ever reaching its own client's records. ApiGateway checks it on
/// the verified claims; each function checks it again on the `caller` of its request, so no
/// entry point (another function, a direct invoke) lets a caller do more than the API would.
extension Caller {
    /// Whether this caller may see a record of the given client (a client: only its own).
    public func owns(clientId: String) -> Bool {
        role != .client || self.clientId == clientId
    }

    /// Whether an audit entry is about a record of this caller's client (or the caller sees all).
    public func owns(auditEntry entry: AuditLog) -> Bool {
        guard role == .client else { return true }
        let record = entry.after ?? entry.before
        guard case .object(let fields)? = record, case .string(let clientId)? = fields["client_id"] else {
            return false
        }
        return owns(clientId: clientId)
    }

    /// Fails with 403 unless the caller's role is one of `roles`.
    public func require(_ roles: Set<Role>, to action: String) throws {
        guard roles.contains(role) else {
            throw DomainError.forbidden("role \(role.rawValue) may not \(action)")
        }
    }

    /// A client may only see its own records: another client's record answers 404, as if absent.
    public func requireOwner(of clientId: String, record: String) throws {
        guard owns(clientId: clientId) else { throw DomainError.notFound("\(record) does not exist") }
    }

    /// The record when it exists and this caller may see it; otherwise the 404 of an absent
    /// record (`<record> does not exist`), the same for both, so a client cannot tell another
    /// client's record from none.
    public func visible<Record>(_ found: Record?, clientId: (Record) -> String, record: String) throws -> Record {
        guard let found, owns(clientId: clientId(found)) else { throw DomainError.notFound("\(record) does not exist") }
        return found
    }
}
