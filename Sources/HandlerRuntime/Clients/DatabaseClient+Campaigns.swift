import Foundation
import Shared

/// DatabaseManager's campaign records, through the `FunctionInvoker`.
extension DatabaseClient {
    public func createCampaign(_ campaign: Campaign, rows: [CampaignRow], batches: [CampaignBatch]) async throws {
        _ = try await send(
            CampaignStoreRequest(.createCampaign, campaign: campaign, rows: rows, batches: batches),
            as: Record<Campaign>.self
        )
    }

    public func campaign(_ id: String) async throws -> Campaign? {
        try await send(CampaignStoreRequest(.getCampaign, campaignId: id), as: Record<Campaign>.self).record
    }

    public func campaigns(page: PageRequest) async throws -> Page<Campaign> {
        try await send(CampaignStoreRequest(.listCampaigns, page: page), as: Page<Campaign>.self)
    }

    public func updateCampaign(_ campaign: Campaign, expecting statuses: [CampaignStatus]) async throws {
        _ = try await send(
            CampaignStoreRequest(.updateCampaign, campaign: campaign, expectedStatuses: statuses),
            as: Record<Campaign>.self
        )
    }

    public func campaignRows(
        _ id: String,
        status: CampaignRowStatus?,
        page: PageRequest
    ) async throws -> Page<CampaignRow> {
        try await send(
            CampaignStoreRequest(.listRows, campaignId: id, status: status, page: page),
            as: Page<CampaignRow>.self
        )
    }

    public func batchRows(_ id: String, batch: String) async throws -> [CampaignRow] {
        try await send(CampaignStoreRequest(.batchRows, campaignId: id, batchId: batch), as: [CampaignRow].self)
    }

    public func campaignBatches(_ id: String) async throws -> [CampaignBatch] {
        try await send(CampaignStoreRequest(.listBatches, campaignId: id), as: [CampaignBatch].self)
    }

    public func settleBatch(_ batch: CampaignBatch, rows: [CampaignRow]) async throws {
        _ = try await send(
            CampaignStoreRequest(.settleBatch, rows: rows, batches: [batch]),
            as: Record<CampaignBatch>.self
        )
    }
}
