import AWSEvents
import Shared

/// What invokes ContractProcessor: another function's `ContractRequest`, EventBridge's
/// "Scheduled Event" for one of the schedule rules, or a campaign's work (`campaign_task`). Told
/// apart by what only each carries (EventBridge's `detail-type`), so each keeps its own wire
/// shape. A batch of stream records (`Records`) is recognized only to be refused clearly: the
/// contracts stream's consumers are FileHandler and NotificationService.
public enum ContractProcessorEvent: Decodable, Sendable {
    case request(ContractRequest)
    case scheduled(CloudwatchScheduledEvent)
    case stream(DynamoDBEvent)
    case campaign(CampaignRequest)

    public init(from decoder: Decoder) throws {
        if try decoder.hasKey("detail-type") {
            self = .scheduled(try CloudwatchScheduledEvent(from: decoder))
        } else if try decoder.hasKey("campaign_task") {
            self = .campaign(try CampaignRequest(from: decoder))
        } else if try decoder.hasKey("Records") {
            self = .stream(try DynamoDBEvent(from: decoder))
        } else {
            self = .request(try ContractRequest(from: decoder))
        }
    }
}
