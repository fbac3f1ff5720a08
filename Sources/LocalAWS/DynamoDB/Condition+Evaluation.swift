import Foundation
import Shared
import WireFormat

/// DynamoDB's evaluation of condition and filter expressions, shared by every `TableStore`.
extension Condition {
    /// Whether the condition holds on `item`; nil (no item) has every attribute missing, so only
    /// `attributeNotExists`, `notEquals` and negations can hold on it.
    public func isSatisfied(by item: Item?) -> Bool {
        switch self {
        case .attributeExists(let name): return item?[name] != nil
        case .attributeNotExists(let name): return item?[name] == nil
        case .equals(let name, let value): return item?[name]?.isDynamoEqual(to: value) ?? false
        // DynamoDB's `<>` is true for a missing attribute or a value of another type.
        case .notEquals(let name, let value): return !(item?[name]?.isDynamoEqual(to: value) ?? false)
        case .lessThan(let name, let value): return Self.compare(item?[name], value) { $0 == .orderedAscending }
        case .lessThanOrEqual(let name, let value): return Self.compare(item?[name], value) { $0 != .orderedDescending }
        case .greaterThan(let name, let value): return Self.compare(item?[name], value) { $0 == .orderedDescending }
        case .greaterThanOrEqual(let name, let value):
            return Self.compare(item?[name], value) { $0 != .orderedAscending }
        case .between(let name, let low, let high):
            return Self.compare(item?[name], low) { $0 != .orderedAscending }
                && Self.compare(item?[name], high) { $0 != .orderedDescending }
        case .beginsWith(let name, let prefix):
            guard case .string(let value)? = item?[name] else { return false }
            return value.hasBytePrefix(prefix)
        case .contains(let name, let operand): return Self.contains(item?[name], operand)
        case .and(let conditions): return conditions.allSatisfy { $0.isSatisfied(by: item) }
        case .or(let conditions): return conditions.contains { $0.isSatisfied(by: item) }
        case .not(let condition): return !condition.isSatisfied(by: item)
        }
    }

    /// Throws `TableError.validation` for what DynamoDB rejects before evaluating anything:
    /// empty attribute names, ordering operands that are not S or N, inverted BETWEEN bounds,
    /// empty AND/OR, numbers outside DynamoDB's range or precision.
    public func validate() throws {
        switch self {
        case .attributeExists(let name), .attributeNotExists(let name):
            try Self.validateName(name)
        case .beginsWith(let name, _):
            try Self.validateName(name)
        case .equals(let name, let value), .notEquals(let name, let value), .contains(let name, let value):
            try Self.validateName(name)
            try TableRules.validateNumbers(in: value)
        case .lessThan(let name, let value), .lessThanOrEqual(let name, let value),
            .greaterThan(let name, let value), .greaterThanOrEqual(let name, let value):
            try Self.validateName(name)
            try Self.validateOrderable(value)
            try TableRules.validateNumbers(in: value)
        case .between(let name, let low, let high):
            try Self.validateName(name)
            try Self.validateBetween(low, high)
            try TableRules.validateNumbers(in: [low, high])
        case .and(let conditions), .or(let conditions):
            guard !conditions.isEmpty else { throw TableError.validation("AND/OR needs at least one condition") }
            for condition in conditions { try condition.validate() }
        case .not(let condition):
            try condition.validate()
        }
    }

    static func validateBetween(_ low: JSONValue, _ high: JSONValue) throws {
        try validateOrderable(low)
        try validateOrderable(high)
        guard let order = low.dynamoCompare(high) else {
            throw TableError.validation("BETWEEN bounds must have the same type")
        }
        guard order != .orderedDescending else {
            throw TableError.validation("BETWEEN requires the lower bound to be less than or equal to the upper bound")
        }
    }

    private static func validateName(_ name: String) throws {
        guard !name.isEmpty else { throw TableError.validation("an attribute name in a condition is empty") }
    }

    private static func validateOrderable(_ value: JSONValue) throws {
        guard value.isOrderable else {
            throw TableError.validation("incorrect operand type for a comparison: only strings and numbers are ordered")
        }
    }

    private static func compare(_ value: JSONValue?, _ operand: JSONValue, _ accept: (ComparisonResult) -> Bool) -> Bool
    {
        guard let order = value?.dynamoCompare(operand) else { return false }
        return accept(order)
    }

    private static func contains(_ value: JSONValue?, _ operand: JSONValue) -> Bool {
        switch (value, operand) {
        case (.string(let string)?, .string(let needle)): return string.containsBytes(needle)
        case (.array(let elements)?, _): return elements.contains { $0.isDynamoEqual(to: operand) }
        default: return false
        }
    }
}
