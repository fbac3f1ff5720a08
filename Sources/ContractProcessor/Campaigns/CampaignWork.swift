import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// A campaign's work in ContractProcessor: created and cancelled through the API, run by the
/// campaign state machine's Tasks (start, a batch at a time, finish or fail), each as the
/// caller of its request (the state machine's payloads name a caller of role service).
struct CampaignWork: Sendable {
    let services: Services
    let context: LambdaContext
    let caller: Caller

    var database: DatabaseClient { DatabaseClient(functions: services.functions, context: context, caller: caller) }

    func handle(_ request: CampaignRequest) async throws -> AnyEncodable {
        if request.task != .create || request.campaignId != nil {
            guard let id = request.campaignId, Validate.isId(id, prefix: "CP") else {
                throw DomainError.malformed("campaign_id must be CP followed by 6 upper-case letters or digits")
            }
        }
        let id = request.campaignId ?? ""
        context.logger.info(
            "campaign task",
            [
                "task": request.task.rawValue, "campaign_id": id,
                "caller": request.caller.subject,
            ]
        )
        try request.caller.require(request.task.allowedRoles, to: "run the campaign task \(request.task.rawValue)")
        switch request.task {
        case .create:
            return AnyEncodable(
                try await create(request.fields ?? [:], caller: request.caller, given: request.campaignId)
            )
        case .cancel:
            return AnyEncodable(try await cancel(id))
        case .start:
            return AnyEncodable(try await start(id))
        case .runBatch:
            guard let batch = request.batchId else { throw DomainError.malformed("run_batch needs batch_id") }
            return AnyEncodable(try await runBatch(id, batch: batch))
        case .finish:
            return AnyEncodable(try await finish(id, failure: nil))
        case .fail:
            return AnyEncodable(
                try await finish(id, failure: request.error ?? ["Error": "States.Runtime", "Cause": ""])
            )
        }
    }

    func existing(_ id: String) async throws -> Campaign {
        guard let campaign = try await database.campaign(id) else {
            throw DomainError.notFound("campaign \(id) does not exist")
        }
        return campaign
    }

    /// A campaign not yet ended stops: its batches skip the rows they have not run.
    func cancel(_ id: String) async throws -> Campaign {
        var campaign = try await existing(id)
        guard !campaign.status.isFinal else {
            throw DomainError.conflict(
                "campaign \(id) is \(campaign.status.rawValue); only a SCHEDULED or RUNNING campaign can be cancelled"
            )
        }
        let before = campaign.status
        campaign.status = .cancelled
        campaign.updatedAt = services.now
        try await database.updateCampaign(campaign, expecting: [before])
        return campaign.counted(try await database.campaignBatches(id)).shown
    }

    /// The execution passed its wait: the campaign runs (a cancelled one stays cancelled).
    func start(_ id: String) async throws -> Campaign {
        var campaign = try await existing(id)
        guard campaign.status == .scheduled || (campaign.status == .running && campaign.startedAt == nil) else {
            return campaign.shown
        }
        campaign.status = .running
        campaign.startedAt = services.now
        campaign.updatedAt = services.now
        try await database.updateCampaign(campaign, expecting: [.scheduled, .running])
        return campaign.shown
    }

    /// The campaign's end: its counts from its batches, COMPLETED (or CANCELLED, or FAILED
    /// with the execution's error), and the callback. Run again, it changes nothing and the
    /// callback, having the same event id, is not delivered twice.
    func finish(_ id: String, failure: JSONValue?) async throws -> Campaign {
        var campaign = try await existing(id)
        campaign = campaign.counted(try await database.campaignBatches(id))
        if !campaign.status.isFinal || (failure != nil && campaign.status != .failed) {
            let before = campaign.status
            campaign.status = failure == nil ? .completed : .failed
            campaign.finishedAt = services.now
            campaign.updatedAt = services.now
            try await database.updateCampaign(campaign, expecting: [before])
        } else if campaign.finishedAt == nil {
            campaign.finishedAt = services.now
            try await database.updateCampaign(campaign, expecting: [campaign.status])
        }
        try await CampaignCallbacks(services: services, context: context).ended(campaign, failure: failure)
        return campaign.shown
    }
}
