import Foundation
import Shared

/// What a termination request may carry.
enum TerminationRules {
    static let fields = RequestBodies.terminateContract.names
}

extension ContractWork {
    /// The termination flow of the spec. The conditional status change is the commit point; the
    /// audit entry is written next; backup, archive and notice are queued as asynchronous
    /// invocations, which Lambda retries and dead-letters on their own. An `effective_date` after
    /// today schedules the termination instead (`scheduleTermination`).
    func terminate(_ id: String, _ fields: Fields) async throws -> Contract {
        let reason = try fields.requiredString("reason")
        try Validate.code(reason, field: "reason")
        let notes = try fields.string("notes")
        if let notes { try Validate.text(notes, field: "notes", maximum: 2000) }
        let today = Timestamp.day(services.clock.now())
        let effective = try fields.string("effective_date") ?? today
        _ = try Validate.day(effective, field: "effective_date")

        let before = try await existingContract(id)
        if let expected = try fields.integer("expected_version"), expected != before.version {
            throw DomainError.conflict("contract \(id) was changed concurrently: expected version \(expected), found \(before.version)")
        }
        if before.hasPendingTermination {
            throw DomainError.conflict("contract \(id) is already to be terminated on \(before.terminationEffectiveDate ?? "?"); "
                                       + "reactivate it to cancel that termination first")
        }
        guard before.status.canTransition(to: .terminated) else {
            throw DomainError.conflict("contract \(id) is \(before.status.rawValue); it cannot be terminated")
        }
        if effective > today {
            return try await scheduleTermination(before, reason: reason, notes: notes, effective: effective)
        }
        let after = try await commit(before, "TERMINATE_CONTRACT", details: ["reason": reason]) {
            $0.status = .terminated
            $0.terminationReason = reason
            $0.terminationNotes = notes
            $0.terminatedAt = services.now
            $0.terminationEffectiveDate = effective
            $0.terminatedBy = caller.subject
        }
        await queueClosingSteps(before: before)
        await afterCommit("termination notice") {
            try await queueNotice(for: after, template: .terminationNotice,
                                  values: ["reason": reason, "effective_date": effective, "notes": notes ?? "-"],
                                  notificationId: NotificationID.terminationNotice(after.contractId))
        }
        return after
    }

    /// A termination effective on a later day: the contract keeps its status with the termination
    /// recorded as pending, the notice goes out now, and the `pending-terminations` rule
    /// finalizes it on that day.
    private func scheduleTermination(_ before: Contract, reason: String, notes: String?, effective: String) async throws -> Contract {
        guard effective <= before.endDate else {
            throw DomainError.invalid("effective_date \(effective) is after the contract's end_date \(before.endDate); it ends then anyway")
        }
        let after = try await commit(before, "SCHEDULE_TERMINATION", details: ["reason": reason, "effective_date": effective]) {
            $0.pendingTermination = true
            $0.terminationReason = reason
            $0.terminationNotes = notes
            $0.terminationEffectiveDate = effective
            $0.terminatedBy = caller.subject
        }
        await afterCommit("scheduled termination notice") {
            try await queueNotice(for: after, template: .terminationScheduled,
                                  values: ["reason": reason, "effective_date": effective, "notes": notes ?? "-"])
        }
        return after
    }

    /// Makes a pending termination final (the `pending-terminations` rule, on its effective date).
    func finalizeTermination(_ before: Contract) async throws -> Contract {
        let details = ["reason": before.terminationReason ?? "-", "effective_date": before.terminationEffectiveDate ?? "-", "scheduled": "true"]
        let after = try await commit(before, "TERMINATE_CONTRACT", details: details) {
            $0.status = .terminated
            $0.pendingTermination = nil
            $0.terminatedAt = services.now
        }
        await queueClosingSteps(before: before)
        return after
    }

    /// Reactivating an ACTIVE contract with a pending termination cancels the termination.
    func cancelTermination(_ before: Contract, reason: String?) async throws -> Contract {
        var details = ["effective_date": before.terminationEffectiveDate ?? "-"]
        if let reason { details["reason"] = reason }
        let after = try await commit(before, "CANCEL_TERMINATION", details: details) {
            $0.pendingTermination = nil
            $0.terminationReason = nil
            $0.terminationNotes = nil
            $0.terminationEffectiveDate = nil
            $0.terminatedBy = nil
        }
        let why = "The termination scheduled for \(before.terminationEffectiveDate ?? "-") was cancelled" + (reason.map { ": \($0)" } ?? ".")
        await afterCommit("cancellation notice") {
            try await queueNotice(for: after, template: .statusUpdate, values: ["status": after.status.rawValue, "reason": why])
        }
        return after
    }

    /// The backup of the contract as it was and the archiving of its documents, queued.
    private func queueClosingSteps(before: Contract) async {
        let files = FileClient(functions: services.functions, context: context, caller: caller)
        await afterCommit("backup") { try await files.queueBackup(before, reason: "termination") }
        await afterCommit("archive") { try await files.queueArchive(contractId: before.contractId) }
    }

    /// Queues an email to the contract's client; the contract's own values are always given. The
    /// notification id makes Lambda's retries of the queued invocation send it once; pass a
    /// derived one (`NotificationID.derived`) when the notice must go out once per event.
    func queueNotice(for contract: Contract, template: TemplateName, values: [String: String], notificationId: String? = nil) async throws {
        guard let client = try await database.client(contract.clientId) else {
            throw DomainError.notFound("client \(contract.clientId) does not exist")
        }
        var all = values
        all["client_name"] = client.name
        all["contract_id"] = contract.contractId
        all["contract_type"] = contract.contractType
        let request = NotificationRequest(template: template.rawValue, to: [client.email], values: all, contractId: contract.contractId,
                                          caller: caller, notificationId: notificationId ?? services.ids.next("NT", 12))
        try await services.functions.invokeAsync(.notificationService, request, parent: context)
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
