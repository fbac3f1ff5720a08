import Shared

/// What invokes ContractProcessor: another function's `ContractRequest`, or EventBridge's
/// "Scheduled Event" for one of the schedule rules. Told apart by EventBridge's `detail-type`,
/// which no request carries, so each keeps its own wire shape.
public enum ContractProcessorEvent: Decodable, Sendable {
    case request(ContractRequest)
    case scheduled(CloudwatchScheduledEvent)

    public init(from decoder: Decoder) throws {
        self = try decoder.hasKey("detail-type")
            ? .scheduled(try CloudwatchScheduledEvent(from: decoder))
            : .request(try ContractRequest(from: decoder))
    }
}
