import Foundation
import Shared
import WireFormat

/// The steps of a put, update or delete that do not depend on where items are kept, so every
/// `TableStore` checks the same things in the same order: validate the request, then (holding
/// the table's write lock) evaluate the condition on the current item and build the new one.
extension TableDefinition {
    /// Validates a put before any storage is touched.
    func validatePut(_ item: Item, condition: Condition?, table: String) throws {
        try validateItem(item)
        try validateSize(item, table: table)
        try condition?.validate()
    }

    /// Validates an update or delete before any storage is touched.
    func validateKeyedWrite(key: Item, actions: [UpdateAction] = [], condition: Condition?) throws {
        try validateKey(key)
        for action in actions {
            switch action {
            case .set(_, let value): try TableRules.validateNumbers(in: value)
            case .add(_, let number): try TableRules.validateNumbers(in: .number(number))
            case .remove: break
            }
        }
        _ = try actions.applied(to: key, keyAttributes: keyAttributes)
        try condition?.validate()
    }

    /// Throws `conditionalCheckFailed` unless the condition holds on the current item.
    func checkCondition(_ condition: Condition?, on current: Item?, table: String) throws {
        if let condition, !condition.isSatisfied(by: current) {
            throw TableError.conditionalCheckFailed(table: table)
        }
    }

    /// The item an update produces: the current item (or just the key when absent) with the
    /// actions applied, validated like a put.
    func updatedItem(_ current: Item?, key: Item, actions: [UpdateAction], table: String) throws -> Item {
        let updated = try actions.applied(to: current ?? key, keyAttributes: keyAttributes)
        try validateItem(updated)
        try validateSize(updated, table: table)
        return updated
    }

    private func validateSize(_ item: Item, table: String) throws {
        let size = item.dynamoSize
        guard size <= maximumItemSize else { throw TableError.itemTooLarge(table: table, bytes: size) }
    }
}
