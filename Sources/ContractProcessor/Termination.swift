import Foundation
import Shared

/// What a termination request may carry.
enum TerminationRules {
    static let fields: Set<String> = ["reason", "effective_date", "notes", "expected_version"]
}

extension ContractWork {
    /// The termination flow of the spec. The conditional status change is the commit point; the
    /// audit entry is written next; backup, archive and notice follow, each logged if it fails.
    func terminate(_ id: String, _ fields: Fields) async throws -> Contract {
        let reason = try fields.requiredString("reason")
        try Validate.code(reason, field: "reason")
        let notes = try fields.string("notes")
        if let notes { try Validate.text(notes, field: "notes", maximum: 2000) }
        let today = Timestamp.day(services.clock.now())
        let effective = try fields.string("effective_date") ?? today
        _ = try Validate.day(effective, field: "effective_date")
        guard effective <= today else {
            throw DomainError.invalid("effective_date \(effective) is in the future; scheduled terminations are not supported yet, use \(today) or earlier")
        }

        let before = try await existingContract(id)
        if let expected = try fields.integer("expected_version"), expected != before.version {
            throw DomainError.conflict("contract \(id) was changed concurrently: expected version \(expected), found \(before.version)")
        }
        guard before.status.canTransition(to: .terminated) else {
            throw DomainError.conflict("contract \(id) is \(before.status.rawValue); it cannot be terminated")
        }
        var after = before
        after.status = .terminated
        after.terminationReason = reason
        after.terminationNotes = notes
        after.terminatedAt = services.now
        after.terminationEffectiveDate = effective
        after.terminatedBy = caller.subject
        after.version += 1
        after.updatedAt = services.now
        try await database.putContract(after, expectedVersion: before.version)
        try await audit("TERMINATE_CONTRACT", contract: id, before: before, after: after, details: ["reason": reason])

        let files = FileClient(functions: services.functions, context: context, caller: caller)
        await afterCommit("backup") { _ = try await files.backup(before, reason: "termination") }
        await afterCommit("archive") { _ = try await files.archive(contractId: id) }
        await afterCommit("termination notice") {
            try await notifyClient(of: after, template: .terminationNotice,
                                   values: ["reason": reason, "effective_date": effective, "notes": notes ?? "-"])
        }
        return after
    }

    /// Emails the contract's client with a template; the contract's own values are always given.
    func notifyClient(of contract: Contract, template: TemplateName, values: [String: String]) async throws {
        guard let client = try await database.client(contract.clientId) else {
            throw DomainError.notFound("client \(contract.clientId) does not exist")
        }
        var all = values
        all["client_name"] = client.name
        all["contract_id"] = contract.contractId
        all["contract_type"] = contract.contractType
        let request = NotificationRequest(template: template.rawValue, to: [client.email], values: all,
                                          contractId: contract.contractId, caller: caller)
        _ = try await services.functions.invoke(.notificationService, request, as: NotificationLog.self, parent: context)
    }

    /// A step after the commit point: its failure does not undo the change; it is logged as an error.
    func afterCommit(_ step: String, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            context.logger.error("step failed after the change was committed", ["step": step, "error": String(describing: error)])
        }
    }
}
