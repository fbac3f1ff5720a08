import Foundation
import Shared
import WireFormat

/// `TransactWriteItems`: every action with its own expressions and placeholders.
extension DynamoDBTableStore {
    public func transactWriteItems(_ items: [TransactWriteItem]) async throws {
        // The SDKs check the length before sending, as the API's model says (1 to 100 members).
        guard (1...TransactionLimits.maximumItems).contains(items.count) else {
            throw TableError.validation(
                "a transaction holds 1 to \(TransactionLimits.maximumItems) actions, not \(items.count)"
            )
        }
        let actions = try items.map(Self.transactItem)
        _ = try await call("TransactWriteItems", ["TransactItems": .array(actions)], table: items.first?.table)
    }

    private static func transactItem(_ item: TransactWriteItem) throws -> JSONValue {
        var builder = ExpressionBuilder()
        var body: [String: JSONValue] = ["TableName": .string(item.table)]
        let kind: String
        switch item {
        case .put(_, let put, _):
            kind = "Put"
            body["Item"] = AttributeValue.encode(put)
        case .update(_, let key, let actions, _):
            kind = "Update"
            body["Key"] = AttributeValue.encode(key)
            // Every store refuses an Update without actions in a transaction, as DynamoDB does.
            if let update = builder.update(actions) { body["UpdateExpression"] = .string(update) }
        case .delete(_, let key, _):
            kind = "Delete"
            body["Key"] = AttributeValue.encode(key)
        case .conditionCheck(_, let key, _):
            kind = "ConditionCheck"
            body["Key"] = AttributeValue.encode(key)
        }
        if let condition = item.condition { body["ConditionExpression"] = .string(builder.condition(condition)) }
        builder.addPlaceholders(to: &body)
        return [kind: .object(body)]
    }

    /// The reasons of a `TransactionCanceledException` answer, one per action.
    static func cancellationReasons(_ answer: JSONValue) -> [CancellationReason] {
        guard case .array(let reasons)? = answer["CancellationReasons"] else { return [] }
        return reasons.map { CancellationReason(code: $0.field("Code") ?? "None", message: $0.field("Message")) }
    }
}
