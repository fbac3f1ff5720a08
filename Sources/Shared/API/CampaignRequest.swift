import Foundation
import WireFormat

/// ContractProcessor's campaign work, as JSON payloads `{"campaign_task": "run_batch", ...}`:
/// creating and cancelling a campaign (from the API) and the state machine's Tasks.
public struct CampaignRequest: Codable, Sendable, Hashable {
    public enum Task: String, Codable, Sendable {
        /// Reads and checks the CSV, records the campaign with its rows and batches, and starts
        /// its execution.
        case create
        /// Cancels a campaign that has not ended: its rows not yet run are skipped.
        case cancel
        /// The execution reached its batches (after waiting for `send_at`).
        case start
        /// Terminates a batch's pending rows, one transaction each, and records how each settled.
        case runBatch = "run_batch"
        /// Every batch ran: the campaign's final counts, and its callback.
        case finish
        /// The execution failed: the campaign is FAILED, and its callback says why.
        case fail
    }

    public var task: Task
    public var campaignId: String?
    public var batchId: String?
    /// Who asks: the API's caller for create and cancel, the state machine (role service) for its Tasks.
    public var caller: Caller
    /// `create`: the request's body fields.
    public var fields: [String: JSONValue]?
    /// `fail`: the execution's error.
    public var error: JSONValue?

    enum CodingKeys: String, CodingKey {
        case task = "campaign_task"
        case campaignId = "campaign_id"
        case batchId = "batch_id"
        case caller, fields, error
    }

    public init(
        _ task: Task,
        campaignId: String? = nil,
        batchId: String? = nil,
        caller: Caller,
        fields: [String: JSONValue]? = nil
    ) {
        self.task = task
        self.campaignId = campaignId
        self.batchId = batchId
        self.caller = caller
        self.fields = fields
    }
}

extension CampaignRequest.Task {
    /// Who may ask for the task: the campaign routes' roles create and cancel; only the state
    /// machine's own work (role service) starts, runs, finishes or fails a campaign.
    public var allowedRoles: Set<Role> {
        switch self {
        case .create, .cancel: [.admin, .system]
        case .start, .runBatch, .finish, .fail: [.service]
        }
    }
}

/// What a created campaign answers: the campaign, with its callback secret shown this once.
public struct CreatedCampaign: Codable, Sendable, Hashable {
    public var campaign: Campaign
    /// The rows that could not be read or checked, first 20 (all are in the rows listing).
    public var problems: [CampaignRow]

    public init(campaign: Campaign, problems: [CampaignRow]) {
        self.campaign = campaign
        self.problems = problems
    }
}

extension Campaign {
    /// The campaign with its counts summed from its batches (each batch counts its rows as they settle).
    public func counted(_ batches: [CampaignBatch]) -> Campaign {
        var copy = self
        copy.counts = batches.reduce(CampaignCounts()) { $0 + $1.counts }
        let done = Decimal(copy.totalRows - copy.counts.pending) / Decimal(max(copy.totalRows, 1))
        var rounded = Decimal()
        var exact = done
        NSDecimalRound(&rounded, &exact, 4, .plain)
        copy.progress = rounded
        return copy
    }
}
