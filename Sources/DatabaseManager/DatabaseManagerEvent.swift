import Shared

/// What invokes DatabaseManager: one of the record operations (`DatabaseRequest`) or one on
/// webhook deliveries (`WebhookStoreRequest`) or campaigns (`CampaignStoreRequest`), told apart by the operation's name.
public enum DatabaseManagerEvent: Decodable, Sendable {
    case records(DatabaseRequest)
    case webhooks(WebhookStoreRequest)
    case campaigns(CampaignStoreRequest)

    enum CodingKeys: String, CodingKey {
        case operation
    }

    public init(from decoder: Decoder) throws {
        let operation = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .operation)
        if WebhookStoreRequest.operations.contains(operation) {
            self = .webhooks(try WebhookStoreRequest(from: decoder))
        } else if CampaignStoreRequest.operations.contains(operation) {
            self = .campaigns(try CampaignStoreRequest(from: decoder))
        } else {
            self = .records(try DatabaseRequest(from: decoder))
        }
    }
}
