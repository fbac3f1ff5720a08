import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// The campaigns, campaign-batches and campaign-rows tables. Rows are written a transaction of
/// up to 100 at a time (DynamoDB's limit), and the campaign record last, so a campaign that
/// exists has every row; a batch's rows settle in one transaction before the batch's counts.
struct CampaignRecords: Sendable {
    let store: TableAccess

    func handle(_ request: CampaignStoreRequest, before deadline: Date) async throws -> AnyEncodable {
        switch request.action {
        case .createCampaign: return AnyEncodable(try await create(request, before: deadline))
        case .getCampaign:
            let id = try required(request.campaignId, "campaign_id")
            return AnyEncodable(
                DatabaseClient.Record(
                    try await store.get(Campaign.self, from: Tables.campaigns, key: ["campaign_id": .string(id)])
                )
            )
        case .listCampaigns:
            return AnyEncodable(
                try await store.scan(Campaign.self, Tables.campaigns, filter: nil, page: request.page ?? PageRequest())
            )
        case .updateCampaign: return AnyEncodable(try await update(request))
        case .listRows:
            return AnyEncodable(try await rows(request))
        case .batchRows:
            return AnyEncodable(
                try await batchRows(
                    try required(request.campaignId, "campaign_id"),
                    batch: try required(request.batchId, "batch_id")
                )
            )
        case .listBatches:
            let id = try required(request.campaignId, "campaign_id")
            return AnyEncodable(try await all(CampaignBatch.self, Tables.campaignBatches, index: nil, partition: id))
        case .settleBatch:
            let batch = try required(request.batches?.first, "batches")
            try await writeRows(request.rows ?? [], before: deadline)
            try await store.replace(batch, into: Tables.campaignBatches)
            return AnyEncodable(DatabaseClient.Record(batch))
        }
    }

    /// The rows and batches first, the campaign record last (a campaign that exists has every row).
    private func create(
        _ request: CampaignStoreRequest,
        before deadline: Date
    ) async throws -> DatabaseClient.Record<Campaign> {
        let campaign = try required(request.campaign, "campaign")
        try await writeRows(request.rows ?? [], before: deadline)
        for batch in request.batches ?? [] { try await store.replace(batch, into: Tables.campaignBatches) }
        try await store.put(
            campaign,
            into: Tables.campaigns,
            condition: .attributeNotExists("campaign_id"),
            conflict: "campaign \(campaign.campaignId) already exists"
        )
        return DatabaseClient.Record(campaign)
    }

    /// Replaces the campaign while its status is still one of the expected ones.
    private func update(_ request: CampaignStoreRequest) async throws -> DatabaseClient.Record<Campaign> {
        let campaign = try required(request.campaign, "campaign")
        let statuses = (request.expectedStatuses ?? []).map { Condition.equals("status", .string($0.rawValue)) }
        try await store.put(
            campaign,
            into: Tables.campaigns,
            condition: .or(statuses),
            conflict: "campaign \(campaign.campaignId) is no longer "
                + (request.expectedStatuses ?? []).map(\.rawValue).joined(separator: " or ")
        )
        return DatabaseClient.Record(campaign)
    }

    private func required<T>(_ value: T?, _ name: String) throws -> T {
        guard let value else { throw DomainError.malformed("\(name) is required for this campaign operation") }
        return value
    }

    private func writeRows(_ rows: [CampaignRow], before deadline: Date) async throws {
        let table = store.services.tableName(Tables.campaignRows)
        for chunk in rows.chunks(ofCount: TransactionLimits.maximumItems) {
            let items = try chunk.map {
                TransactWriteItem.put(table: table, item: try Item(encoding: $0), condition: nil)
            }
            try await store.transact(items, before: deadline) { _ in .internal("a campaign row write was refused") }
        }
    }

    private func rows(_ request: CampaignStoreRequest) async throws -> Page<CampaignRow> {
        let id = try required(request.campaignId, "campaign_id")
        let page = request.page ?? PageRequest()
        if let status = request.status {
            return try await store.query(
                CampaignRow.self,
                Tables.campaignRows,
                index: "status-index",
                partition: "\(id)#\(status.rawValue)",
                page: page
            )
        }
        return try await store.query(CampaignRow.self, Tables.campaignRows, index: nil, partition: id, page: page)
    }

    private func batchRows(_ id: String, batch: String) async throws -> [CampaignRow] {
        guard
            let record = try await store.get(
                CampaignBatch.self,
                from: Tables.campaignBatches,
                key: ["campaign_id": .string(id), "batch_id": .string(batch)]
            )
        else {
            throw DomainError.notFound("batch \(batch) of campaign \(id) does not exist")
        }
        let range = SortKeyCondition.between(
            .string(CampaignRow.key(record.firstRow)),
            .string(CampaignRow.key(record.lastRow))
        )
        return try await all(CampaignRow.self, Tables.campaignRows, index: nil, partition: id, sortKey: range)
    }

    /// Every item of a partition, page after page.
    private func all<T: Codable & Sendable>(
        _ type: T.Type,
        _ table: TableDefinition,
        index: String?,
        partition: String,
        sortKey: SortKeyCondition? = nil
    ) async throws -> [T] {
        try await Paginator.pages {
            try await store.query(type, table, index: index, partition: partition, sortKey: sortKey, page: $0)
        }.items(\.items)
    }
}
