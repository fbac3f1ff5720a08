/// DatabaseManager's operations on campaigns, their batches and rows, as JSON payloads
/// `{"operation": "get_campaign", ...}` beside those of `DatabaseRequest`.

public struct CampaignStoreRequest: Codable, Sendable, Hashable {
    public enum Operation: String, Codable, Sendable, CaseIterable {
        /// Writes the rows and batches, then the campaign (which must be new): a campaign whose
        /// record exists has all its rows.
        case createCampaign = "create_campaign"
        case getCampaign = "get_campaign"
        case listCampaigns = "list_campaigns"
        /// Replaces the campaign if its status is one of `expected_statuses` (409 otherwise).
        case updateCampaign = "update_campaign"
        /// A campaign's rows in file order, or those of one status.
        case listRows = "list_campaign_rows"
        /// The rows of one batch, in file order.
        case batchRows = "campaign_batch_rows"
        case listBatches = "list_campaign_batches"
        /// Writes a batch's rows as they settled (one transaction), then the batch with its counts.
        case settleBatch = "settle_campaign_batch"
    }

    public var action: Operation
    public var campaign: Campaign?
    public var rows: [CampaignRow]?
    public var batches: [CampaignBatch]?
    public var campaignId: String?
    public var batchId: String?
    public var status: CampaignRowStatus?
    public var expectedStatuses: [CampaignStatus]?
    public var page: PageRequest?

    public static let operations = Set(Operation.allCases.map(\.rawValue))

    /// The operation's name on the wire, as every operation set names its own.
    public var operation: String { action.rawValue }

    enum CodingKeys: String, CodingKey {
        case action = "operation"
        case campaign, rows, batches, status, page
        case campaignId = "campaign_id"
        case batchId = "batch_id"
        case expectedStatuses = "expected_statuses"
    }

    public init(
        _ operation: Operation,
        campaign: Campaign? = nil,
        rows: [CampaignRow]? = nil,
        batches: [CampaignBatch]? = nil,
        campaignId: String? = nil,
        batchId: String? = nil,
        status: CampaignRowStatus? = nil,
        expectedStatuses: [CampaignStatus]? = nil,
        page: PageRequest? = nil
    ) {
        self.action = operation
        self.campaign = campaign
        self.rows = rows
        self.batches = batches
        self.campaignId = campaignId
        self.batchId = batchId
        self.status = status
        self.expectedStatuses = expectedStatuses
        self.page = page
    }
}

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
