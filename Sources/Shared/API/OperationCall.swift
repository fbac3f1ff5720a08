/// One invocation of DatabaseManager: an operation of one of its sets (`DatabaseRequest`,
/// `WebhookStoreRequest`, `NotificationStoreRequest`,
/// `CampaignStoreRequest`), and the caller it is made for (the user a
/// function acts for, or the function's own work), which DatabaseManager checks before it
/// answers. On the wire the caller is one more member beside `operation`.
public struct OperationCall<Operation: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var caller: Caller
    public var request: Operation

    enum CodingKeys: String, CodingKey {
        case caller
    }

    public init(_ request: Operation, for caller: Caller) {
        self.caller = caller
        self.request = request
    }

    public init(from decoder: Decoder) throws {
        request = try Operation(from: decoder)
        caller = try decoder.container(keyedBy: CodingKeys.self).decode(Caller.self, forKey: .caller)
    }

    public func encode(to encoder: Encoder) throws {
        try request.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(caller, forKey: .caller)
    }
}

/// A record operation (`DatabaseRequest`) with its caller.
public typealias DatabaseCall = OperationCall<DatabaseRequest>
/// An operation on webhook deliveries with its caller.
public typealias WebhookStoreCall = OperationCall<WebhookStoreRequest>
/// An operation on the notification platform's records with its caller.
public typealias NotificationStoreCall = OperationCall<NotificationStoreRequest>
/// An operation on campaigns, their batches and rows with its caller.
public typealias CampaignStoreCall = OperationCall<CampaignStoreRequest>
