import Cryptography
import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// A campaign's callbacks, delivered by the one webhook mechanism (`WebhookClient`): signed,
/// recorded, retried, in order per campaign. Event ids come from the campaign and the row, so
/// a task run again hands in the same events and nothing is delivered twice.
struct CampaignCallbacks: Sendable {
    let services: Services
    let context: LambdaContext

    /// The callbacks are the campaign's own work, whoever created the campaign.
    static let caller = Caller.service("campaign-callbacks")

    /// `campaign.completed`, `campaign.cancelled` or `campaign.failed`, with the counts.
    func ended(_ campaign: Campaign, failure: JSONValue?) async throws {
        let type = "campaign.\(campaign.status.rawValue.lowercased())"
        var data = try JSONValue(encoding: campaign.shown)
        if case .object(var fields) = data, let failure {
            fields["error"] = failure
            data = .object(fields)
        }
        guard
            let message = try message(
                campaign,
                type: type,
                eventId: "\(campaign.campaignId)-end",
                data: data,
                sequence: "~end"
            )
        else { return }
        try await WebhookClient(functions: services.functions, context: context, caller: Self.caller).enqueue([message])
    }

    /// `campaign.row_failed`, one per row.
    func rowsFailed(_ rows: [CampaignRow], of campaign: Campaign) async throws {
        let messages = try rows.compactMap { row in
            try message(
                campaign,
                type: "campaign.row_failed",
                eventId: "\(campaign.campaignId)-\(row.rowKey)-failed",
                data: try JSONValue(encoding: row),
                sequence: row.rowKey
            )
        }
        guard !messages.isEmpty else { return }
        try await WebhookClient(functions: services.functions, context: context, caller: Self.caller).enqueue(messages)
    }

    private func message(
        _ campaign: Campaign,
        type: String,
        eventId: String,
        data: JSONValue,
        sequence: String
    ) throws -> WebhookMessage? {
        guard let url = campaign.callbackURL, let secret = campaign.callbackSecret else { return nil }
        let id = "evt_" + Hex.encode(Digest.sha256(Data(eventId.utf8)).prefix(12))
        let body: JSONValue = [
            "id": .string(id), "type": .string(type), "created_at": .string(services.now), "data": data,
        ]
        return WebhookMessage(
            eventId: id,
            eventType: type,
            body: body,
            target: WebhookTarget(id: campaign.campaignId, url: url, secret: secret),
            source: "campaign \(campaign.campaignId)",
            orderingKey: "campaign#\(campaign.campaignId)",
            sequence: sequence
        )
    }
}
