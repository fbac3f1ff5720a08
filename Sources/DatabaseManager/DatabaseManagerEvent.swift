import Shared

/// What invokes DatabaseManager: one of the record operations (`DatabaseRequest`), one on
/// webhook deliveries (`WebhookStoreRequest`), on the notification platform's records
/// (`NotificationStoreRequest`) or on campaigns (`CampaignStoreRequest`), told apart by the
/// operation's name; each with its caller.
public enum DatabaseManagerEvent: Decodable, Sendable {
    case records(DatabaseCall)
    case webhooks(WebhookStoreCall)
    case notifications(NotificationStoreCall)
    case campaigns(CampaignStoreCall)

    enum CodingKeys: String, CodingKey {
        case operation
    }

    public init(from decoder: Decoder) throws {
        let operation = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .operation)
        if WebhookStoreRequest.operations.contains(operation) {
            self = .webhooks(try WebhookStoreCall(from: decoder))
        } else if NotificationStoreRequest.operations.contains(operation) {
            self = .notifications(try NotificationStoreCall(from: decoder))
        } else if CampaignStoreRequest.operations.contains(operation) {
            self = .campaigns(try CampaignStoreCall(from: decoder))
        } else {
            self = .records(try DatabaseCall(from: decoder))
        }
    }
}
