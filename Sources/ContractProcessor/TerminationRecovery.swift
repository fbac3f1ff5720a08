import Foundation
import Shared

/// Finishing a termination whose process stopped after the commit point. The status change is
/// committed first and the audit entry, backup, archive and notice follow; a process killed in
/// between leaves a TERMINATED contract without some of them. Each step leaves a trace that is
/// looked for first, so running this twice does nothing twice:
///
/// - audit: an entry `TERMINATE_CONTRACT` for the contract;
/// - backup: a version of the contract's backup object with metadata `reason: termination`;
/// - archive: no document of the contract still ACTIVE;
/// - notice: a logged `termination-notice` notification for the contract.
///
/// The notice is the one step without an exact trace: SES keeps no request ids, so a process
/// stopped between SES accepting the message and the notification log being written gets its
/// notice sent again. At least once, never lost.
extension ContractWork {
    func completeTermination(_ id: String, dryRun: Bool) async throws -> TerminationRecovery {
        let contract = try await existingContract(id)
        guard contract.status == .terminated else {
            throw DomainError.conflict("contract \(id) is \(contract.status.rawValue); only a terminated contract has termination steps")
        }
        let audit = try await terminationAudit(id)
        var missing: [TerminationRecovery.Step] = []
        if audit == nil { missing.append(.audit) }
        if try await !hasTerminationBackup(id) { missing.append(.backup) }
        if try await database.allFiles(contractId: id).contains(where: { $0.status == .active }) { missing.append(.archive) }
        if try await !hasTerminationNotice(id) { missing.append(.notice) }
        var recovery = TerminationRecovery(contractId: id, missing: missing)
        guard !dryRun else { return recovery }
        for step in missing {
            do {
                try await complete(step, of: contract, audit: audit)
                recovery.completed.append(step)
            } catch {
                context.logger.error("could not complete a termination step", ["step": step.rawValue, "error": String(describing: error)])
                recovery.failed[step.rawValue] = String(describing: error)
            }
        }
        return recovery
    }

    private func complete(_ step: TerminationRecovery.Step, of contract: Contract, audit: AuditLog?) async throws {
        let files = FileClient(functions: services.functions, context: context, caller: caller)
        switch step {
        case .audit:
            // The entry names who terminated; `recorded_by` says it was written afterwards.
            let log = AuditLog(logId: services.ids.next("AL", 12), contractId: contract.contractId, entityType: "contract",
                               entityId: contract.contractId, action: "TERMINATE_CONTRACT", actor: contract.terminatedBy ?? caller.subject,
                               actorRole: caller.role.rawValue, timestamp: services.now, requestId: requestID,
                               before: nil, after: try JSONValue(encoding: contract),
                               details: ["reason": contract.terminationReason ?? "-", "recorded_by": caller.subject])
            try await database.putAuditLog(log)
        case .backup:
            // The flow backs up the contract as it was before; the audit entry keeps that version.
            let before = try audit?.before.map { try $0.decode(Contract.self) } ?? contract
            _ = try await files.backup(before, reason: "termination")
        case .archive:
            _ = try await files.archive(contractId: contract.contractId)
        case .notice:
            // Queued like the flow's own notice and under the same derived id, so a notice that
            // was only waiting in the queue is still sent once.
            try await queueNotice(for: contract, template: .terminationNotice,
                                  values: ["reason": contract.terminationReason ?? "-",
                                           "effective_date": contract.terminationEffectiveDate ?? Timestamp.day(services.clock.now()),
                                           "notes": contract.terminationNotes ?? "-"],
                                  notificationId: NotificationID.terminationNotice(contract.contractId))
        }
    }

    private func terminationAudit(_ id: String) async throws -> AuditLog? {
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let result = try await database.auditLogs(contractId: id, page: page)
            if let entry = result.items.first(where: { $0.action == "TERMINATE_CONTRACT" }) { return entry }
            page.nextToken = result.nextToken
        } while page.nextToken != nil
        return nil
    }

    private func hasTerminationNotice(_ id: String) async throws -> Bool {
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let result = try await database.notifications(contractId: id, page: page)
            if result.items.contains(where: { $0.template == TemplateName.terminationNotice.rawValue }) { return true }
            page.nextToken = result.nextToken
        } while page.nextToken != nil
        return false
    }

    /// Read straight from the backups bucket: FileHandler has no listing of backups to ask.
    private func hasTerminationBackup(_ id: String) async throws -> Bool {
        let bucket = Buckets(services.configuration).backups
        let key = "contracts/\(id)/contract.json"
        for version in try await services.objects.listObjectVersions(bucket: bucket, prefix: key)
        where version.key == key && !version.isDeleteMarker {
            let head = try await services.objects.headObject(bucket: bucket, key: key, versionId: version.versionId)
            if head?.metadata["reason"] == "termination" { return true }
        }
        return false
    }
}

extension Fields {
    /// A boolean field that is false when absent.
    func flag(_ name: String) throws -> Bool {
        switch values[name] {
        case nil, .null?: return false
        case .bool(let value)?: return value
        default: throw DomainError.malformed("\(name) must be true or false")
        }
    }
}
