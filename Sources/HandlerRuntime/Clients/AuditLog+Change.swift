import Foundation
import Shared
import WireFormat

extension AuditLog {
    /// The entry of one change by `caller`, with the record before and after it.
    public static func change<T: Encodable>(
        _ action: String,
        entityType: String,
        entityId: String,
        contractId: String? = nil,
        caller: Caller,
        services: Services,
        requestId: String,
        before: T?,
        after: T?,
        details: [String: String]? = nil
    ) throws -> AuditLog {
        AuditLog(
            logId: services.ids.next("AL", 12),
            contractId: contractId,
            entityType: entityType,
            entityId: entityId,
            action: action,
            actor: caller.subject,
            actorRole: caller.role.rawValue,
            timestamp: services.now,
            requestId: requestId,
            before: try before.map { try JSONValue(encoding: $0) },
            after: try after.map { try JSONValue(encoding: $0) },
            details: details
        )
    }
}
