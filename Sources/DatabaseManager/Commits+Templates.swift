import Foundation
import Shared

extension Commits {
    /// The audit entry of a managed template's change, alone: the change itself is the new
    /// version the templates bucket holds.
    func commit(templateAudit audit: AuditLog, before deadline: Date) async throws -> ChangeAcknowledgement {
        guard audit.entityType == "template" else {
            throw DomainError.malformed("a template change's audit entry is about a template, not \(audit.entityType)")
        }
        try await store.transact([try self.audit(audit)], before: deadline) { _ in
            .internal("audit log id \(audit.logId) is taken")
        }
        return ChangeAcknowledgement(key: audit.entityId, version: nil)
    }
}
