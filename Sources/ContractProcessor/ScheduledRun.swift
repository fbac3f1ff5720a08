import AWSEvents
import Cryptography
import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// One run of a schedule rule, from EventBridge's "Scheduled Event": the rule comes from the
/// rule ARN in `resources`, the time the run is for from `time`. Every rule finds its contracts
/// through the status index and is idempotent: a second run for the same time changes nothing,
/// because each change is conditional on what the first run left behind.
struct ScheduledRun: Sendable {
    let services: Services
    let context: LambdaContext

    /// The rules that target ContractProcessor.
    static let rules = Schedules.all.filter { $0.target == .contractProcessor }

    /// How far ahead `renewal-reminders` looks, in days.
    static let renewalWindowDays = 30

    func run(_ event: CloudwatchScheduledEvent) async throws -> ScheduledRunResult {
        guard event.detailType == "Scheduled Event", event.source == "aws.events" else {
            throw DomainError.malformed(
                "ContractProcessor takes EventBridge scheduled events (detail-type 'Scheduled "
                    + "Event', source 'aws.events'), "
                    + "got '\(event.detailType.prefix(60))' from '\(event.source.prefix(60))'"
            )
        }
        guard let rule = Schedules.rule(of: event), rule.target == .contractProcessor else {
            throw DomainError.invalid(
                "the event names no schedule rule of this system in resources "
                    + "\(event.resources.map { String($0.prefix(120)) }); "
                    + "rules: " + ScheduledRun.rules.map(\.name).joined(separator: ", ")
            )
        }
        guard let time = event.date else {
            throw DomainError.malformed("time '\(event.time.prefix(40))' is not an ISO-8601 time")
        }
        context.logger.info("scheduled run", ["rule": rule.name, "time": event.time])
        let sweep = Sweep(
            work: ContractWork(services: services, context: context, caller: .scheduler, requestID: context.requestID),
            rule: rule,
            time: time
        )
        switch rule {
        case Schedules.contractExpiry: return try await sweep.expireContracts()
        case Schedules.pendingTerminations: return try await sweep.finalizeTerminations()
        case Schedules.renewalReminders: return try await sweep.remindRenewals(windowDays: Self.renewalWindowDays)
        default: return try await sweep.archiveClosedContracts(afterDays: services.configuration.archiveAfterDays)
        }
    }
}

/// The rules' work on the contracts they find.
private struct Sweep {
    let work: ContractWork
    let rule: ScheduleRule
    let time: Date

    var database: DatabaseClient { work.database }
    /// The day the run is for: `end_date`s and effective dates are compared with it.
    var day: String { Timestamp.day(time) }

    /// ACTIVE contracts whose `end_date` has passed become EXPIRED, audited; the client is told.
    func expireContracts() async throws -> ScheduledRunResult {
        try await each(try await database.contractsDue(.endedBefore(day: day))) { before in
            // The expiry notice follows from the change's stream record.
            _ = try await work.commit(
                before,
                "EXPIRE_CONTRACT",
                details: ["end_date": before.endDate, "rule": rule.name]
            ) {
                $0.status = .expired
                $0.pendingTermination = nil
            }
            work.context.logger.metric(.contractsExpired)
            return "EXPIRED"
        }
    }

    /// Pending terminations effective on or before the run's day become final.
    func finalizeTerminations() async throws -> ScheduledRunResult {
        var due: [Contract] = []
        for status in [ContractStatus.active, .suspended] {
            due += try await database.contractsDue(.terminationDue(status: status, day: day))
        }
        return try await each(due) { before in
            _ = try await work.finalizeTermination(before)
            return "TERMINATED"
        }
    }

    /// One reminder per contract and end date: the reminder is recorded (a conditional create in
    /// the idempotency table) before it is queued, so no run, retry or race sends a second.
    func remindRenewals(windowDays: Int) async throws -> ScheduledRunResult {
        let until = Timestamp.day(time.addingTimeInterval(Double(windowDays) * 86400))
        let due = try await database.contractsDue(.endingBetween(from: day, to: until)).filter {
            !$0.hasPendingTermination
        }
        return try await each(due) { contract in
            let key = "renewal-reminder#\(contract.contractId)#\(contract.endDate)"
            let notificationId = NotificationID.derived(from: key)
            let record = IdempotencyRecord(
                idempotencyKey: key,
                requestHash: Hex.encode(Digest.sha256(Data(key.utf8))),
                status: "COMPLETED",
                response: ["notification_id": .string(notificationId)],
                createdAt: work.services.now
            )
            do {
                try await database.claimIdempotency(record, staleBefore: "")
            } catch DomainError.conflict {
                return nil
            }
            let end = try Validate.day(contract.endDate, field: "end_date")
            let daysLeft = Int((end.timeIntervalSince(Timestamp.parseDay(day) ?? time) / 86400).rounded())
            do {
                try await queueReminder(
                    for: contract,
                    values: ["end_date": contract.endDate, "days_left": String(daysLeft)],
                    notificationId: notificationId
                )
            } catch {
                // Not queued: forget the record so the next run tries again.
                try? await database.deleteIdempotency(key)
                throw error
            }
            return "REMINDED"
        }
    }

    /// Queues the reminder email to the contract's client as an asynchronous invocation; the
    /// notification id makes Lambda's retries of it send it once.
    private func queueReminder(for contract: Contract, values: [String: String], notificationId: String) async throws {
        // Addressed to the client: NotificationService reads its address and name when it sends.
        var all = values
        all["contract_id"] = contract.contractId
        all["contract_type"] = contract.contractType
        let request = NotificationRequest(
            template: TemplateName.renewalReminder.rawValue,
            to: [],
            values: all,
            contractId: contract.contractId,
            caller: work.caller,
            notificationId: notificationId,
            clientId: contract.clientId
        )
        try await work.services.functions.invokeAsync(.notificationService, request, parent: work.context)
    }

    /// Documents of contracts terminated more than `afterDays` days before the run, or expired
    /// (their end date passed) that long ago, move to the archives bucket; the contract records it.
    func archiveClosedContracts(afterDays: Int) async throws -> ScheduledRunResult {
        let cutoff = time.addingTimeInterval(-Double(afterDays) * 86400)
        let due =
            try await database.contractsDue(.terminatedBefore(time: Timestamp.string(cutoff)))
            + database.contractsDue(.expiredBefore(day: Timestamp.day(cutoff)))
        let files = FileClient(functions: work.services.functions, context: work.context, caller: work.caller)
        return try await each(due) { before in
            let archived = try await files.archive(contractId: before.contractId).archived
            _ = try await work.commit(
                before,
                "ARCHIVE_DOCUMENTS",
                details: ["files": String(archived.count), "rule": rule.name]
            ) {
                $0.documentsArchivedAt = work.services.now
            }
            return "DOCUMENTS_ARCHIVED (\(archived.count))"
        }
    }

    /// Applies `change` to each contract (nil: nothing to do). A contract changed concurrently is left for the next
    /// run; any other failure fails the run after the others are done, so Lambda retries it and
    /// the retry, finding the finished ones finished, does the rest.
    private func each(
        _ contracts: [Contract],
        _ change: (Contract) async throws -> String?
    ) async throws -> ScheduledRunResult {
        var result = ScheduledRunResult(rule: rule.name, time: Timestamp.string(time), day: day)
        var failures: [String] = []
        for contract in contracts {
            do {
                if let outcome = try await change(contract) {
                    result.changed.append(.init(contractId: contract.contractId, outcome: outcome))
                }
            } catch DomainError.conflict(let message) {
                result.skipped.append(.init(contractId: contract.contractId, outcome: message))
            } catch {
                failures.append("\(contract.contractId): \(FunctionError(error).description)")
            }
        }
        work.context.logger.info(
            "scheduled run done",
            [
                "rule": rule.name, "changed": String(result.changed.count),
                "skipped": String(result.skipped.count), "failed": String(failures.count),
            ]
        )
        guard failures.isEmpty else {
            throw DomainError.internal("\(rule.name) failed for \(failures.joined(separator: "; "))")
        }
        return result
    }
}

/// What a scheduled run did: the contracts it changed and the ones it left for the next run.
struct ScheduledRunResult: Codable, Sendable {
    /// A contract and what the run did to it, or why it left it.
    struct Entry: Codable, Sendable {
        var contractId: String
        var outcome: String

        enum CodingKeys: String, CodingKey {
            case contractId = "contract_id"
            case outcome
        }
    }

    var rule: String
    var time: String
    var day: String
    var changed: [Entry] = []
    var skipped: [Entry] = []
}
