import Shared

/// What invokes DatabaseManager: one of the record operations (`DatabaseRequest`) or one on
/// webhook deliveries (`WebhookStoreRequest`), told apart by the operation's name.
public enum DatabaseManagerEvent: Decodable, Sendable {
    case records(DatabaseRequest)
    case webhooks(WebhookStoreRequest)

    enum CodingKeys: String, CodingKey {
        case operation
    }

    public init(from decoder: Decoder) throws {
        let operation = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .operation)
        self =
            WebhookStoreRequest.operations.contains(operation)
            ? .webhooks(try WebhookStoreRequest(from: decoder))
            : .records(try DatabaseRequest(from: decoder))
    }
}
