/// One action of a `TransactWriteItems` transaction, each on its own item with its own condition.
import WireFormat

public enum TransactWriteItem: Sendable, Hashable {
    /// Writes the whole item if `condition` holds on the current one.
    case put(table: String, item: Item, condition: Condition?)
    /// Applies the actions (creating the item when absent) if `condition` holds.
    case update(table: String, key: Item, actions: [UpdateAction], condition: Condition?)
    /// Deletes the item if `condition` holds.
    case delete(table: String, key: Item, condition: Condition?)
    /// Writes nothing; the transaction goes ahead only if `condition` holds on the item.
    case conditionCheck(table: String, key: Item, condition: Condition)

    /// The table the action works on.
    public var table: String {
        switch self {
        case .put(let table, _, _), .update(let table, _, _, _), .delete(let table, _, _),
            .conditionCheck(let table, _, _):
            table
        }
    }

    /// The action's condition, if it has one.
    public var condition: Condition? {
        switch self {
        case .put(_, _, let condition), .update(_, _, _, let condition), .delete(_, _, let condition): condition
        case .conditionCheck(_, _, let condition): condition
        }
    }
}

/// Why one action of a refused transaction was refused, as DynamoDB reports it in
/// `CancellationReasons`: `None` for the actions that were fine.
public struct CancellationReason: Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String?

    public init(code: String, message: String? = nil) {
        self.code = code
        self.message = message
    }

    public static let none = CancellationReason(code: "None")
    public static let conditionalCheckFailed = CancellationReason(
        code: "ConditionalCheckFailed",
        message: "The conditional request failed"
    )

    public var isConditionalCheckFailed: Bool { code == "ConditionalCheckFailed" }

    public var description: String { code }
}

/// DynamoDB's limits on one transaction.
public enum TransactionLimits {
    /// At most this many actions.
    public static let maximumItems = 100
    /// At most this many bytes of items in all, counted as DynamoDB counts item sizes.
    public static let maximumBytes = 4 * 1024 * 1024
}
