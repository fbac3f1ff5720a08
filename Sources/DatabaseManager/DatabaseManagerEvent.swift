import Shared

/// What invokes DatabaseManager: one of the record operations (`DatabaseRequest`), one on
/// webhook deliveries (`WebhookStoreRequest`) or one on the notification platform's records
/// (`NotificationStoreRequest`), told apart by the operation's name.
public enum DatabaseManagerEvent: Decodable, Sendable {
    case records(DatabaseRequest)
    case webhooks(WebhookStoreRequest)
    case notifications(NotificationStoreRequest)

    enum CodingKeys: String, CodingKey {
        case operation
    }

    public init(from decoder: Decoder) throws {
        let operation = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .operation)
        if WebhookStoreRequest.operations.contains(operation) {
            self = .webhooks(try WebhookStoreRequest(from: decoder))
        } else if NotificationStoreRequest.operations.contains(operation) {
            self = .notifications(try NotificationStoreRequest(from: decoder))
        } else {
            self = .records(try DatabaseRequest(from: decoder))
        }
    }
}
