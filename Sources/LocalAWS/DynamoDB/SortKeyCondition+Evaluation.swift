import Foundation
import Shared
import WireFormat

/// DynamoDB's evaluation of the sort-key part of a key condition, shared by every `TableStore`.
extension SortKeyCondition {
    /// Whether a sort-key value satisfies the condition (strings by UTF-8 bytes, numbers numerically).
    public func matches(_ value: JSONValue) -> Bool {
        switch self {
        case .equals(let operand): return value.isDynamoEqual(to: operand)
        case .lessThan(let operand): return value.dynamoCompare(operand) == .orderedAscending
        case .lessThanOrEqual(let operand):
            return value.dynamoCompare(operand).map { $0 != .orderedDescending } ?? false
        case .greaterThan(let operand): return value.dynamoCompare(operand) == .orderedDescending
        case .greaterThanOrEqual(let operand):
            return value.dynamoCompare(operand).map { $0 != .orderedAscending } ?? false
        case .between(let low, let high):
            return (value.dynamoCompare(low).map { $0 != .orderedAscending } ?? false)
                && (value.dynamoCompare(high).map { $0 != .orderedDescending } ?? false)
        case .beginsWith(let prefix):
            guard case .string(let string) = value else { return false }
            return string.hasBytePrefix(prefix)
        }
    }

    /// Throws `TableError.validation` when an operand does not have the sort key's type, as DynamoDB does.
    func validate(for attribute: KeyAttribute) throws {
        let operands: [JSONValue]
        switch self {
        case .equals(let value), .lessThan(let value), .lessThanOrEqual(let value),
            .greaterThan(let value), .greaterThanOrEqual(let value):
            operands = [value]
        case .between(let low, let high):
            operands = [low, high]
        case .beginsWith(let prefix):
            guard attribute.type == .string else {
                throw TableError.validation("begins_with is not supported on number sort key \(attribute.name)")
            }
            operands = [.string(prefix)]
        }
        for operand in operands where !Self.hasType(operand, attribute.type) {
            throw TableError.validation(
                "sort key condition on \(attribute.name) must use \(attribute.type.rawValue) values"
            )
        }
        try operands.forEach(TableRules.validateNumbers)
        if case .between(let low, let high) = self {
            try Condition.validateBetween(low, high)
        }
    }

    // A condition operand may be any string of the right type, even empty (begins_with "").
    private static func hasType(_ value: JSONValue, _ type: KeyType) -> Bool {
        switch (value, type) {
        case (.string, .string), (.number, .number): true
        default: false
        }
    }
}
