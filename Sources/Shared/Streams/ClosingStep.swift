import AWSEvents
import Foundation

/// What follows a committed change of a contract, read from its stream record's images: the
/// termination's backup, archive and notice, and the notices of the other status changes. A
/// pure rule, so it is tested on its own. Each step is carried out by the function that owns
/// it, each a consumer of the contracts stream of its own: FileHandler the backup and archive
/// (`EventSourceMappings.contractsStream`), NotificationService the notices (`contractsEvents`).
public enum ClosingStep: Sendable, Hashable {
    /// The contract as it was before the termination, to the versioned backups bucket.
    case backup(Contract)
    /// The contract's documents to the archives bucket.
    case archive(contractId: String)
    /// An email to the contract's client, sent once per `notificationId`.
    case notice(TemplateName, values: [String: String], notificationId: String)

    /// The steps the change from `old` to `new` asks for; `eventId` names the change, so a
    /// notice the same change asks for twice (a batch delivered again) gets the same id.
    public static func of(old: Contract?, new: Contract?, eventId: String) -> [ClosingStep] {
        // A deleted contract's documents leave the files bucket, so no link to them works on.
        if let old, new == nil { return [.archive(contractId: old.contractId)] }
        guard let old, let new else { return [] }
        if new.status == .terminated, old.status != .terminated { return termination(old: old, new: new) }
        let id = NotificationID.derived(from: "stream#\(eventId)")
        if new.hasPendingTermination, !old.hasPendingTermination {
            return [.notice(.terminationScheduled, values: terminationValues(new), notificationId: id)]
        }
        if old.hasPendingTermination, !new.hasPendingTermination, old.status == new.status {
            let why =
                "The termination scheduled for \(old.terminationEffectiveDate ?? "-") was cancelled"
                + (new.statusReason.map { ": \($0)" } ?? ".")
            return [.notice(.statusUpdate, values: ["status": new.status.rawValue, "reason": why], notificationId: id)]
        }
        guard old.status != new.status else { return [] }
        switch new.status {
        case .expired:
            let reason = "The contract reached its end date, \(old.endDate)."
            return [
                .notice(
                    .statusUpdate,
                    values: ["status": new.status.rawValue, "reason": reason],
                    notificationId: NotificationID.derived(from: "expiry#\(new.contractId)#\(old.endDate)")
                )
            ]
        case .active, .suspended:
            return [
                .notice(
                    .statusUpdate,
                    values: ["status": new.status.rawValue, "reason": new.statusReason ?? "-"],
                    notificationId: id
                )
            ]
        case .terminated:
            return []
        }
    }

    /// The backup and the archive, and the notice unless it went out when the termination was scheduled.
    private static func termination(old: Contract, new: Contract) -> [ClosingStep] {
        var steps: [ClosingStep] = [.backup(old), .archive(contractId: new.contractId)]
        if !old.hasPendingTermination {
            steps.append(
                .notice(
                    .terminationNotice,
                    values: terminationValues(new),
                    notificationId: NotificationID.terminationNotice(new.contractId)
                )
            )
        }
        return steps
    }

    private static func terminationValues(_ contract: Contract) -> [String: String] {
        [
            "reason": contract.terminationReason ?? "-", "effective_date": contract.terminationEffectiveDate ?? "-",
            "notes": contract.terminationNotes ?? "-",
        ]
    }
}

extension ClosingStep {
    /// The contracts stream's consumers when they act for no change's author (a batch's reads).
    public static let stream = Caller.service("contracts-stream")

    /// Who carries out a change's steps: the table's stream, on behalf of the change's author.
    public static func caller(for contract: Contract) -> Caller {
        contract.terminatedBy.map(Caller.service) ?? stream
    }

    /// The contract a stream record's image holds; a record that holds no contract fails its
    /// batch with a message naming it.
    public static func contract(
        _ image: [String: DynamoDBAttributeValue]?,
        of record: DynamoDBEvent.EventRecord
    ) throws -> Contract? {
        guard let image else { return nil }
        guard let item = DynamoDBAttributeValue.plainItem(image) else {
            throw DomainError.malformed(
                "stream record \(record.eventId.prefix(40)) has an image with a number that is not one"
            )
        }
        do {
            return try item.decode(Contract.self)
        } catch {
            throw DomainError.malformed(
                "stream record \(record.eventId.prefix(40)) does not hold a contract: "
                    + "\(DecodingErrorDescription.describe(error))"
            )
        }
    }

    /// The steps of each of a batch's records from the contracts table, in order; a record of any
    /// other source or table fails the batch, naming it and what `consumer` reads.
    public static func of(
        _ records: [DynamoDBEvent.EventRecord],
        contractsTable: String,
        consumer: FunctionName
    ) throws -> [(contract: Contract, steps: [ClosingStep])] {
        try records.compactMap { record in
            guard record.eventSource == "aws:dynamodb" else {
                let source = record.eventSource.prefix(40)
                throw DomainError.malformed(
                    "\(consumer.rawValue) reads DynamoDB stream records, not records from \(source)"
                )
            }
            guard record.tableName == contractsTable else {
                throw DomainError.malformed(
                    "\(consumer.rawValue) consumes the stream of \(contractsTable); record "
                        + "\(record.eventId.prefix(40)) comes from \(record.eventSourceArn.prefix(120))"
                )
            }
            let old = try contract(record.change.oldImage, of: record)
            let new = try contract(record.change.newImage, of: record)
            guard let contract = new ?? old else { return nil }
            return (contract, of(old: old, new: new, eventId: record.eventId))
        }
    }
}
