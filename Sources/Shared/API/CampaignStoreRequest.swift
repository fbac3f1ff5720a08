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
