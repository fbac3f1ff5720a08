import Foundation
import Shared
import WireFormat

/// What one batch came to: the state machine's Map collects one per iteration.
struct CampaignBatchOutcome: Codable, Sendable {
    var batchId: String
    var counts: CampaignCounts

    enum CodingKeys: String, CodingKey {
        case batchId = "batch_id"
        case counts
    }
}

extension CampaignWork {
    /// Terminates the batch's PENDING rows one by one through the rules of a single termination
    /// (one transaction each, its closing steps from the contracts stream), each under the
    /// Idempotency-Key `<campaign>-<row>`: run again after a crash, a row already terminated
    /// answers its first result, so no contract is terminated twice and no notice sent twice.
    /// Then the rows' outcomes are written in one transaction, and the batch's counts.
    func runBatch(_ id: String, batch batchId: String) async throws -> CampaignBatchOutcome {
        let campaign = try await existing(id)
        guard let batch = try await database.campaignBatches(id).first(where: { $0.batchId == batchId }) else {
            throw DomainError.notFound("batch \(batchId) of campaign \(id) does not exist")
        }
        if batch.done { return CampaignBatchOutcome(batchId: batchId, counts: batch.counts) }
        var rows = try await database.batchRows(id, batch: batchId)
        let work = ContractWork(
            services: services,
            context: context,
            caller: campaign.creator,
            requestID: context.requestID
        )
        var failed: [CampaignRow] = []
        let read = try await contracts(of: rows, in: campaign)
        for index in rows.indices where rows[index].status == .pending {
            let (status, why) =
                campaign.status == .cancelled
                ? (.skipped, "the campaign was cancelled before this row ran")
                : try await terminate(rows[index], of: campaign, work: work, read: read[rows[index].rowKey])
            rows[index].settle(status, why: why, at: services.now)
            if status == .failed { failed.append(rows[index]) }
        }
        var settled = batch
        settled.counts = CampaignCounts()
        for row in rows { settled.counts.add(row.status) }
        settled.done = true
        settled.updatedAt = services.now
        try await database.settleBatch(settled, rows: rows)
        if campaign.notifyRowFailures == true, !failed.isEmpty {
            try await CampaignCallbacks(services: services, context: context).rowsFailed(failed, of: campaign)
        }
        return CampaignBatchOutcome(batchId: batchId, counts: settled.counts)
    }

    /// The PENDING rows' contracts with their keys' answers, read in one call, by row key.
    private func contracts(of rows: [CampaignRow], in campaign: Campaign) async throws -> [String: ContractForChange] {
        let pending = campaign.status == .cancelled ? [] : rows.filter { $0.status == .pending }
        guard !pending.isEmpty else { return [:] }
        let queries = pending.map { row in
            ContractForChangeQuery(
                contractId: row.contractId,
                idempotencyKey: Idempotency.claimId(scope: Self.scope(row), key: Self.key(row, of: campaign))
            )
        }
        let found = try await database.contractsForChange(queries)
        return Dictionary(zip(pending.map(\.rowKey), found), uniquingKeysWith: { first, _ in first })
    }

    private static func scope(_ row: CampaignRow) -> String { "terminate#\(row.contractId)" }
    private static func key(_ row: CampaignRow, of campaign: Campaign) -> String {
        "\(campaign.campaignId)-\(row.rowKey)"
    }

    /// One row's termination, and how it settled: a refusal the row explains is the row's
    /// outcome; anything else (a full disk, a fault) fails the batch, which the state machine retries.
    private func terminate(
        _ row: CampaignRow,
        of campaign: Campaign,
        work: ContractWork,
        read: ContractForChange?
    ) async throws -> (CampaignRowStatus, String?) {
        var values: [String: JSONValue] = ["reason": .string(row.reason ?? campaign.reason)]
        if let day = row.effectiveDate ?? campaign.effectiveDate { values["effective_date"] = .string(day) }
        if let notes = row.notes ?? campaign.notes { values["notes"] = .string(notes) }
        do {
            let fields = try Fields(values, allowed: TerminationRules.fields)
            let contract = try await Idempotency.run(
                work,
                contractId: row.contractId,
                key: Self.key(row, of: campaign),
                scope: Self.scope(row),
                request: values,
                read: read
            ) { work, before in
                try await work.terminate(before, fields)
            }
            return contract.status == .terminated
                ? (.terminated, nil) : (.scheduled, "terminated on \(contract.terminationEffectiveDate ?? "-")")
        } catch let error as DomainError {
            switch error {
            case .conflict(let message)
            where message.contains("is TERMINATED") || message.contains("already to be terminated"):
                return (.skipped, message)
            case .notFound(let message), .conflict(let message), .invalid(let message), .malformed(let message),
                .forbidden(let message):
                return (.failed, message)
            default:
                throw error
            }
        }
    }
}
