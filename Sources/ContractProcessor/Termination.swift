import Foundation
import Shared
import WireFormat

/// What a termination request may carry.
enum TerminationRules {
    static let fields = RequestBodies.terminateContract.names
}

extension ContractWork {
    /// The termination flow of the spec: the status change, conditional on the version read, is
    /// committed with its audit entry and idempotency record as one transaction; the backup,
    /// archive and notice follow from the change's stream record (`ClosingStep`, carried out by
    /// FileHandler and NotificationService). An `effective_date` after today schedules the
    /// termination instead (`scheduleTermination`).
    func terminate(_ before: Contract, _ fields: Fields) async throws -> Contract {
        let id = before.contractId
        let reason = try fields.requiredString("reason")
        try Validate.code(reason, field: "reason")
        let notes = try fields.string("notes")
        if let notes { try Validate.text(notes, field: "notes", maximum: 2000) }
        let today = Timestamp.day(services.clock.now())
        let effective = try fields.string("effective_date") ?? today
        _ = try Validate.day(effective, field: "effective_date")

        if let expected = try fields.integer("expected_version"), expected != before.version {
            throw DomainError.conflict(
                "contract \(id) was changed concurrently: expected version \(expected), found \(before.version)"
            )
        }
        if before.hasPendingTermination {
            throw DomainError.conflict(
                "contract \(id) is already to be terminated on \(before.terminationEffectiveDate ?? "?"); "
                    + "reactivate it to cancel that termination first"
            )
        }
        guard before.status.canTransition(to: .terminated) else {
            throw DomainError.conflict("contract \(id) is \(before.status.rawValue); it cannot be terminated")
        }
        var details = ["reason": reason]
        if effective < today {
            try checkBackdating(before, effective: effective)
            details.merge(["backdated": "true", "effective_date": effective, "requested_on": today]) { $1 }
        }
        try checkWithinTerm(before, effective: effective)
        if effective > today {
            return try await scheduleTermination(before, reason: reason, notes: notes, effective: effective)
        }
        let terminated = try await commit(before, "TERMINATE_CONTRACT", details: details) {
            $0.status = .terminated
            $0.terminationReason = reason
            $0.terminationNotes = notes
            $0.terminatedAt = services.now
            $0.terminationEffectiveDate = effective
            $0.terminatedBy = caller.subject
        }
        context.logger.metric(.contractsTerminated)
        return terminated
    }

    /// Only an admin may date a termination before today (a client's takes effect today at the
    /// earliest), and then only within the contract's term.
    private func checkBackdating(_ before: Contract, effective: String) throws {
        guard caller.role == .admin else {
            throw DomainError.forbidden(
                "role \(caller.role.rawValue) may not backdate a termination: "
                    + "effective_date must be today or later"
            )
        }
        guard effective <= before.endDate else {
            throw DomainError.invalid("effective_date \(effective) is after the contract's end_date \(before.endDate)")
        }
    }

    /// No termination takes effect before the contract started.
    private func checkWithinTerm(_ before: Contract, effective: String) throws {
        guard effective >= before.startDate else {
            throw DomainError.invalid(
                "effective_date \(effective) is before the contract's start_date \(before.startDate)"
            )
        }
    }

    /// A termination effective on a later day: the contract keeps its status with the termination
    /// recorded as pending, the notice goes out now, and the `pending-terminations` rule
    /// finalizes it on that day.
    private func scheduleTermination(
        _ before: Contract,
        reason: String,
        notes: String?,
        effective: String
    ) async throws -> Contract {
        guard effective <= before.endDate else {
            throw DomainError.invalid(
                "effective_date \(effective) is after the contract's end_date \(before.endDate); it ends then anyway"
            )
        }
        return try await commit(
            before,
            "SCHEDULE_TERMINATION",
            details: ["reason": reason, "effective_date": effective]
        ) {
            $0.pendingTermination = true
            $0.terminationReason = reason
            $0.terminationNotes = notes
            $0.terminationEffectiveDate = effective
            $0.terminatedBy = caller.subject
        }
    }

    /// Makes a pending termination final (the `pending-terminations` rule, on its effective date).
    func finalizeTermination(_ before: Contract) async throws -> Contract {
        let details = [
            "reason": before.terminationReason ?? "-", "effective_date": before.terminationEffectiveDate ?? "-",
            "scheduled": "true",
        ]
        let terminated = try await commit(before, "TERMINATE_CONTRACT", details: details) {
            $0.status = .terminated
            $0.pendingTermination = nil
            $0.terminatedAt = services.now
        }
        context.logger.metric(.contractsTerminated)
        return terminated
    }

    /// Reactivating an ACTIVE contract with a pending termination cancels the termination.
    func cancelTermination(_ before: Contract, reason: String?) async throws -> Contract {
        var details = ["effective_date": before.terminationEffectiveDate ?? "-"]
        if let reason { details["reason"] = reason }
        return try await commit(before, "CANCEL_TERMINATION", details: details) {
            $0.pendingTermination = nil
            $0.terminationReason = nil
            $0.terminationNotes = nil
            $0.terminationEffectiveDate = nil
            $0.terminatedBy = nil
            $0.statusReason = reason
        }
    }
}
