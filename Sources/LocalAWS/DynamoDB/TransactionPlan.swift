import Foundation
import Shared
import WireFormat

/// `TransactWriteItems` as DynamoDB runs it, shared by every `TableStore` (a single put, update
/// or delete is a transaction of one): validate every action before anything is read, then,
/// with the current items in hand, evaluate every condition and build every new item. Either
/// all conditions hold and the plan yields the changes, or nothing is written and the caller
/// gets one cancellation reason per action.
struct TransactionPlan {
    /// One validated action and the item it addresses.
    struct Action {
        let item: TransactWriteItem
        let definition: TableDefinition
        let key: Item
        /// The key's file-name stem: how the stores find the item.
        let stem: String
    }

    /// What evaluating an action produced: the item before and after (equal for a condition check).
    struct Outcome {
        let table: String
        let key: Item
        let old: Item?
        let new: Item?
    }

    let actions: [Action]

    /// Validates the request as DynamoDB does before it reads anything; a single put, update or
    /// delete is not a `transaction` (an update without actions is fine there).
    init(_ items: [TransactWriteItem], transaction: Bool = true, definition: (String) throws -> TableDefinition) throws
    {
        guard (1...TransactionLimits.maximumItems).contains(items.count) else {
            throw TableError.validation(
                "a transaction holds 1 to \(TransactionLimits.maximumItems) actions, not \(items.count)"
            )
        }
        var seen = Set<String>()
        var bytes = 0
        actions = try items.map { item in
            if transaction, case .update(_, _, let actions, _) = item, actions.isEmpty {
                throw TableError.validation(
                    "an Update in a transaction needs an update expression (at least one action)"
                )
            }
            let definition = try definition(item.table)
            let key = try Self.validate(item, definition)
            let stem = KeyFileName.stem(ofKey: key, in: definition)
            guard seen.insert(item.table + "/" + stem).inserted else {
                throw TableError.validation("Transaction request cannot include multiple operations on one item")
            }
            if case .put(_, let put, _) = item { bytes += put.dynamoSize }
            return Action(item: item, definition: definition, key: key, stem: stem)
        }
        guard bytes <= TransactionLimits.maximumBytes else {
            throw TableError.validation(
                "the transaction's items add up to \(bytes) bytes; at most \(TransactionLimits.maximumBytes)"
            )
        }
    }

    /// The key of the action's item, after the checks DynamoDB makes on the request alone.
    private static func validate(_ item: TransactWriteItem, _ definition: TableDefinition) throws -> Item {
        switch item {
        case .put(let table, let put, let condition):
            try definition.validatePut(put, condition: condition, table: table)
            return definition.key(of: put) ?? [:]
        case .update(_, let key, let actions, let condition):
            try definition.validateKeyedWrite(key: key, actions: actions, condition: condition)
            return key
        case .delete(_, let key, let condition):
            try definition.validateKeyedWrite(key: key, condition: condition)
            return key
        case .conditionCheck(_, let key, let condition):
            try definition.validateKeyedWrite(key: key, condition: condition)
            return key
        }
    }

    /// Evaluates every action on its current item (`current[i]` for `actions[i]`). Throws
    /// `transactionCanceled`, with `None` for the actions that were fine, if any was refused.
    func evaluate(current: [Item?]) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        var reasons: [CancellationReason] = []
        for (action, item) in zip(actions, current) {
            do {
                outcomes.append(try Self.evaluate(action, on: item))
                reasons.append(.none)
            } catch TableError.conditionalCheckFailed {
                reasons.append(.conditionalCheckFailed)
            } catch TableError.itemTooLarge(_, let bytes) {
                reasons.append(
                    CancellationReason(
                        code: "ValidationError",
                        message: "Item size \(bytes) has exceeded the maximum allowed size"
                    )
                )
            } catch TableError.validation(let message) {
                reasons.append(CancellationReason(code: "ValidationError", message: message))
            }
        }
        guard reasons.allSatisfy({ $0 == .none }) else { throw TableError.transactionCanceled(reasons: reasons) }
        return outcomes
    }

    /// Evaluates the only action of a single put, update or delete, raising the error that
    /// operation raises on its own (`conditionalCheckFailed`, `itemTooLarge`).
    func evaluateSingle(current: Item?) throws -> Outcome {
        try Self.evaluate(actions[0], on: current)
    }

    private static func evaluate(_ action: Action, on current: Item?) throws -> Outcome {
        let table = action.item.table
        try action.definition.checkCondition(action.item.condition, on: current, table: table)
        let new: Item? =
            switch action.item {
            case .put(_, let item, _): item
            case .update(_, let key, let actions, _):
                try action.definition.updatedItem(current, key: key, actions: actions, table: table)
            case .delete: nil
            case .conditionCheck: current
            }
        return Outcome(table: table, key: action.key, old: current, new: new)
    }

    /// The changes a successful evaluation commits: every action that alters its item (a write
    /// that leaves the item as it was changes nothing, and DynamoDB streams no record for it).
    static func changes(_ outcomes: [Outcome]) -> [ItemChange] {
        outcomes.compactMap { outcome in
            guard outcome.old != outcome.new else { return nil }
            return ItemChange(table: outcome.table, key: outcome.key, old: outcome.old, new: outcome.new)
        }
    }
}
