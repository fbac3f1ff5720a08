import Foundation
import Shared
import WireFormat

extension CampaignWork {
    /// Reads the CSV (given, or uploaded through a link), checks every row's form — a row
    /// that cannot be read, an invalid id, reason, date or notes is FAILED, a repeated contract
    /// SKIPPED, each with why — records the campaign with its rows in batches, and starts its
    /// execution. A given id (internal callers: sample data) must be free. Whether each contract
    /// exists and may be terminated is decided when its row runs, since that can change until `send_at`.
    func create(_ values: [String: JSONValue], caller: Caller, given: String? = nil) async throws -> CreatedCampaign {
        guard caller.role == .admin || caller.role == .system else {
            throw DomainError.forbidden("role client may not run campaigns")
        }
        let fields = try Fields(values, allowed: RequestBodies.createCampaign.names)
        let csv = try CampaignCSV(try await csvBytes(fields))
        let now = services.now
        let id = given ?? services.ids.next("CP", 6)
        var campaign = Campaign(
            campaignId: id,
            status: .running,
            reason: try fields.requiredString("reason"),
            effectiveDate: try fields.string("effective_date"),
            notes: try fields.string("notes"),
            sendAt: try sendAt(fields),
            callbackURL: try fields.string("callback_url"),
            callbackSecret: nil,
            notifyRowFailures: try fields.string("callback_on") == "end_and_failed_rows" ? true : nil,
            csvKey: try fields.string("csv_key"),
            totalRows: csv.rows.count,
            batchCount: 0,
            counts: CampaignCounts(),
            executionArn: nil,
            createdAt: now,
            createdBy: caller.subject,
            createdByRole: caller.role,
            updatedAt: now
        )
        try Self.validate(campaign)
        if let url = campaign.callbackURL {
            _ = try WebhookURL(url)
            campaign.callbackSecret = WebhookSignature.newSecret()
        }
        if campaign.sendAt.flatMap(Timestamp.parse).map({ $0 > services.clock.now() }) == true {
            campaign.status = .scheduled
        }
        let rows = checkedRows(csv, campaignId: id, now: now)
        let batches = Self.batches(of: rows, campaignId: id, now: now)
        campaign.batchCount = batches.count
        campaign.counts = batches.reduce(CampaignCounts()) { $0 + $1.counts }
        campaign.executionArn = try await services.executions.startExecution(
            stateMachine: services.configuration.resourceName("campaigns"),
            name: id,
            input: Self.executionInput(campaign, batches: batches)
        )
        try await database.createCampaign(campaign, rows: rows, batches: batches)
        context.logger.info("campaign created", ["campaign_id": id, "rows": String(rows.count)])
        return CreatedCampaign(campaign: campaign, problems: Array(rows.filter { $0.status != .pending }.prefix(20)))
    }

    /// The values every row of the campaign shares: its reason, effective date and notes.
    private static func validate(_ campaign: Campaign) throws {
        try Validate.code(campaign.reason, field: "reason")
        if let day = campaign.effectiveDate { _ = try Validate.day(day, field: "effective_date") }
        if let notes = campaign.notes { try Validate.text(notes, field: "notes", maximum: 2000) }
    }

    /// The execution's input: the campaign, its batches, and when to start (`send_at`) if later.
    private static func executionInput(_ campaign: Campaign, batches: [CampaignBatch]) -> JSONValue {
        var input: [String: JSONValue] = [
            "campaign_id": .string(campaign.campaignId), "batches": .array(batches.map { .string($0.batchId) }),
        ]
        if let sendAt = campaign.sendAt { input["send_at"] = .string(sendAt) }
        return .object(input)
    }

    private func csvBytes(_ fields: Fields) async throws -> Data {
        switch (try fields.string("csv"), try fields.string("csv_key")) {
        case (let text?, nil):
            return Data(text.utf8)
        case (nil, let key?):
            guard key.hasPrefix("campaign-uploads/UP"), key.hasSuffix(".csv"), !key.contains("..") else {
                throw DomainError.invalid("csv_key must be the key of an upload link of POST /api/campaigns/upload-url")
            }
            guard
                let object = try await services.objects.getObject(
                    bucket: Buckets(services.configuration).files,
                    key: key
                )
            else {
                throw DomainError.invalid("nothing was uploaded to \(key) (upload the CSV through its link first)")
            }
            return object.data
        default:
            throw DomainError.invalid("give the CSV as csv, or the csv_key of an uploaded one (exactly one of them)")
        }
    }

    private func sendAt(_ fields: Fields) throws -> String? {
        guard let text = try fields.string("send_at") else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw DomainError.invalid("send_at '\(text.prefix(40))' is not an ISO-8601 time")
        }
        return Timestamp.string(date)
    }

    /// Each row PENDING, or FAILED or SKIPPED with why.
    func checkedRows(_ csv: CampaignCSV, campaignId: String, now: String) -> [CampaignRow] {
        var seen: [String: Int] = [:]
        return csv.rows.enumerated().map { offset, parsed in
            let number = offset + 1
            var row = CampaignRow(
                campaignId: campaignId,
                rowKey: CampaignRow.key(number),
                line: parsed.line,
                contractId: String((parsed.values["contract_id"] ?? "").prefix(40)),
                reason: parsed.values["reason"],
                effectiveDate: parsed.values["effective_date"],
                notes: parsed.values["notes"],
                status: .pending,
                why: nil,
                batchId: CampaignBatch.id((number - 1) / CampaignLimits.batchSize + 1),
                campaignStatus: "",
                updatedAt: now
            )
            var status = CampaignRowStatus.pending
            var why = parsed.problem
            if why == nil { why = Self.problem(with: row) }
            if why != nil {
                status = .failed
            } else if let first = seen[row.contractId] {
                (status, why) = (.skipped, "contract \(row.contractId) is already on row \(first)")
            } else {
                seen[row.contractId] = number
            }
            if status != .pending {
                row.reason = row.reason.map { String($0.prefix(64)) }
                row.notes = nil
            }
            row.settle(status, why: why, at: now)
            return row
        }
    }

    private static func problem(with row: CampaignRow) -> String? {
        do {
            guard !row.contractId.isEmpty else { return "contract_id is empty" }
            try Validate.contractId(row.contractId)
            if let reason = row.reason { try Validate.code(reason, field: "reason") }
            if let day = row.effectiveDate { _ = try Validate.day(day, field: "effective_date") }
            if let notes = row.notes { try Validate.text(notes, field: "notes", maximum: 2000) }
            return nil
        } catch let error as DomainError {
            return error.message
        } catch {
            return String(describing: error)
        }
    }

    static func batches(of rows: [CampaignRow], campaignId: String, now: String) -> [CampaignBatch] {
        rows.chunks(ofCount: CampaignLimits.batchSize).map { slice in
            var counts = CampaignCounts()
            for row in slice { counts.add(row.status) }
            return CampaignBatch(
                campaignId: campaignId,
                batchId: slice.first!.batchId,
                firstRow: slice.startIndex + 1,
                lastRow: slice.endIndex,
                done: false,
                counts: counts,
                updatedAt: now
            )
        }
    }
}
