import Foundation
import Shared
import WireFormat

/// Builds DynamoDB expressions from the typed conditions and actions: every attribute name
/// becomes a `#nN` placeholder and every value a `:vN` placeholder, so no name or value is ever
/// spliced into expression text (reserved words, dots and injection all stay harmless).
struct ExpressionBuilder {
    private(set) var names: [String: String] = [:]
    private(set) var values: [String: JSONValue] = [:]
    private var nameIndex: [String: String] = [:]

    /// The placeholder of an attribute name (one per distinct name).
    mutating func name(_ attribute: String) -> String {
        if let existing = nameIndex[attribute] { return existing }
        let placeholder = "#n\(nameIndex.count)"
        nameIndex[attribute] = placeholder
        names[placeholder] = attribute
        return placeholder
    }

    /// A new placeholder for a value.
    mutating func value(_ value: JSONValue) -> String {
        let placeholder = ":v\(values.count)"
        values[placeholder] = AttributeValue.encode(value)
        return placeholder
    }

    mutating func condition(_ condition: Condition) -> String {
        switch condition {
        case .attributeExists(let attribute): return "attribute_exists(\(name(attribute)))"
        case .attributeNotExists(let attribute): return "attribute_not_exists(\(name(attribute)))"
        case .equals(let attribute, let operand): return comparison(attribute, "=", operand)
        case .notEquals(let attribute, let operand): return comparison(attribute, "<>", operand)
        case .lessThan(let attribute, let operand): return comparison(attribute, "<", operand)
        case .lessThanOrEqual(let attribute, let operand): return comparison(attribute, "<=", operand)
        case .greaterThan(let attribute, let operand): return comparison(attribute, ">", operand)
        case .greaterThanOrEqual(let attribute, let operand): return comparison(attribute, ">=", operand)
        case .between(let attribute, let low, let high):
            return "\(name(attribute)) BETWEEN \(value(low)) AND \(value(high))"
        case .beginsWith(let attribute, let prefix): return "begins_with(\(name(attribute)), \(value(.string(prefix))))"
        case .contains(let attribute, let operand): return "contains(\(name(attribute)), \(value(operand)))"
        case .and(let conditions): return joined(conditions, "AND", empty: true)
        case .or(let conditions): return joined(conditions, "OR", empty: false)
        case .not(let inner): return "NOT (\(self.condition(inner)))"
        }
    }

    mutating func sortKey(_ attribute: String, _ condition: SortKeyCondition) -> String {
        switch condition {
        case .equals(let operand): comparison(attribute, "=", operand)
        case .lessThan(let operand): comparison(attribute, "<", operand)
        case .lessThanOrEqual(let operand): comparison(attribute, "<=", operand)
        case .greaterThan(let operand): comparison(attribute, ">", operand)
        case .greaterThanOrEqual(let operand): comparison(attribute, ">=", operand)
        case .between(let low, let high): "\(name(attribute)) BETWEEN \(value(low)) AND \(value(high))"
        case .beginsWith(let prefix): "begins_with(\(name(attribute)), \(value(.string(prefix))))"
        }
    }

    /// `SET #n0 = :v0, ... REMOVE #n1 ADD #n2 :v1`; nil when there are no actions.
    mutating func update(_ actions: [UpdateAction]) -> String? {
        var sets: [String] = []
        var removes: [String] = []
        var adds: [String] = []
        for action in actions {
            switch action {
            case .set(let attribute, let operand): sets.append("\(name(attribute)) = \(value(operand))")
            case .remove(let attribute): removes.append(name(attribute))
            case .add(let attribute, let amount): adds.append("\(name(attribute)) \(value(.number(amount)))")
            }
        }
        let clauses = [("SET", sets), ("REMOVE", removes), ("ADD", adds)].filter { !$0.1.isEmpty }
        return clauses.isEmpty ? nil : clauses.map { "\($0.0) \($0.1.joined(separator: ", "))" }.joined(separator: " ")
    }

    /// Adds `ExpressionAttributeNames` and `ExpressionAttributeValues` when there are any.
    func addPlaceholders(to body: inout [String: JSONValue]) {
        if !names.isEmpty { body["ExpressionAttributeNames"] = .object(names.mapValues(JSONValue.string)) }
        if !values.isEmpty { body["ExpressionAttributeValues"] = .object(values) }
    }

    private mutating func comparison(_ attribute: String, _ symbol: String, _ operand: JSONValue) -> String {
        "\(name(attribute)) \(symbol) \(value(operand))"
    }

    /// An empty AND holds and an empty OR does not; DynamoDB has no literals, so both are
    /// spelled as a tautology or a contradiction on one attribute.
    private mutating func joined(_ conditions: [Condition], _ keyword: String, empty holds: Bool) -> String {
        guard !conditions.isEmpty else {
            let any = name("_")
            return holds
                ? "(attribute_exists(\(any)) OR attribute_not_exists(\(any)))"
                : "(attribute_exists(\(any)) AND attribute_not_exists(\(any)))"
        }
        return conditions.map { "(\(condition($0)))" }.joined(separator: " \(keyword) ")
    }
}
