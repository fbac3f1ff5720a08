import Foundation
import Shared
import WireFormat

/// A Choice Rule: a comparison of the value at `Variable`, or `And`, `Or`, `Not` of rules;
/// top-level rules carry the `Next` state.
indirect enum ChoiceCondition: Sendable, Hashable {
    case compare(JSONPath, String, JSONValue)
    case and([ChoiceCondition])
    case or([ChoiceCondition])
    case not(ChoiceCondition)
}

struct ChoiceRule: Sendable, Hashable {
    let condition: ChoiceCondition
    let next: String?

    static let comparisons: Set<String> = [
        "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
        "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
        "BooleanEquals", "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
        "TimestampGreaterThanEquals", "IsNull", "IsPresent", "IsString", "IsNumeric", "IsBoolean", "IsTimestamp",
    ]

    init(_ value: JSONValue, state: String, top: Bool) throws {
        guard case .object(var fields) = value else {
            throw ASLError.definition(state: state, "a Choice Rule is an object")
        }
        let reader = FieldReader(state: state, fields: fields)
        next = top ? try reader.requiredString("Next") : nil
        if !top, fields["Next"] != nil { throw ASLError.definition(state: state, "a nested Choice Rule has no Next") }
        fields["Next"] = nil
        fields["Comment"] = nil
        condition = try Self.condition(fields, state: state)
    }

    private static func condition(_ fields: [String: JSONValue], state: String) throws -> ChoiceCondition {
        func nested(_ value: JSONValue) throws -> ChoiceCondition {
            try ChoiceRule(value, state: state, top: false).condition
        }
        if let and = fields["And"], fields.count == 1, case .array(let items) = and {
            return .and(try items.map(nested))
        }
        if let or = fields["Or"], fields.count == 1, case .array(let items) = or { return .or(try items.map(nested)) }
        if let not = fields["Not"], fields.count == 1 { return .not(try nested(not)) }
        guard case .string(let variable)? = fields["Variable"], fields.count == 2,
            let (name, operand) = fields.first(where: { $0.key != "Variable" })
        else {
            throw ASLError.definition(
                state: state,
                "a Choice Rule is a Variable with one comparison, or And, Or or Not"
            )
        }
        guard comparisons.contains(name) else {
            throw ASLError.definition(state: state, "the comparison \(name) is not supported")
        }
        do {
            return .compare(try JSONPath(variable), name, operand)
        } catch let error as ASLError {
            throw ASLError.definition(state: state, "Variable: \(error)")
        }
    }

    func matches(_ input: JSONValue) -> Bool { Self.evaluate(condition, input) }

    private static func evaluate(_ condition: ChoiceCondition, _ input: JSONValue) -> Bool {
        switch condition {
        case .and(let all): return all.allSatisfy { evaluate($0, input) }
        case .or(let any): return any.contains { evaluate($0, input) }
        case .not(let inner): return !evaluate(inner, input)
        case .compare(let path, let name, let operand): return compare(path.select(input), name, operand)
        }
    }

    private static func compare(_ value: JSONValue?, _ name: String, _ operand: JSONValue) -> Bool {
        let expected = operand == .bool(true)
        switch name {
        case "IsPresent": return (value != nil) == expected
        case "IsNull": return (value == .null) == expected
        case "IsString": return (value?.stringValue != nil) == expected
        case "IsNumeric": return (value?.numberValue != nil) == expected
        case "IsBoolean": return (value.map { if case .bool = $0 { true } else { false } } ?? false) == expected
        case "IsTimestamp": return (value?.stringValue.flatMap(Timestamp.parse) != nil) == expected
        default: break
        }
        guard let value else { return false }
        let order: ComparisonResult?
        switch (value, operand) {
        case (.string(let a), .string(let b)) where name.hasPrefix("String"):
            order =
                a == b
                ? .orderedSame
                : (Array(a.utf8).lexicographicallyPrecedes(b.utf8) ? .orderedAscending : .orderedDescending)
        case (.number(let a), .number(let b)) where name.hasPrefix("Numeric"):
            order = a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
        case (.bool(let a), .bool(let b)) where name == "BooleanEquals":
            return a == b
        case (.string(let a), .string(let b)) where name.hasPrefix("Timestamp"):
            guard let x = Timestamp.parse(a), let y = Timestamp.parse(b) else { return false }
            order = x.compare(y)
        default:
            return false
        }
        guard let order else { return false }
        if name.hasSuffix("LessThanEquals") { return order != .orderedDescending }
        if name.hasSuffix("GreaterThanEquals") { return order != .orderedAscending }
        if name.hasSuffix("LessThan") { return order == .orderedAscending }
        if name.hasSuffix("GreaterThan") { return order == .orderedDescending }
        return order == .orderedSame
    }
}

/// How long a Wait state waits: seconds or a timestamp, given or read from the input.
enum WaitDuration: Sendable, Hashable {
    case seconds(Int)
    case timestamp(String)
    case secondsPath(JSONPath)
    case timestampPath(JSONPath)

    init(_ reader: FieldReader) throws {
        let given = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"].filter { reader.fields[$0] != nil }
        guard given.count == 1 else {
            throw ASLError.definition(
                state: reader.state,
                "a Wait has exactly one of Seconds, Timestamp, SecondsPath, TimestampPath"
            )
        }
        switch given[0] {
        case "Seconds": self = .seconds(try reader.integer("Seconds") ?? 0)
        case "Timestamp": self = .timestamp(try reader.requiredString("Timestamp"))
        case "SecondsPath": self = .secondsPath(try reader.path("SecondsPath") ?? JSONPath("$"))
        default: self = .timestampPath(try reader.path("TimestampPath") ?? JSONPath("$"))
        }
    }

    /// When the wait ends, for a state entered at `entered` with effective input `input`.
    func end(entered: Date, input: JSONValue) throws -> Date {
        func bad(_ why: String) -> StatesError { StatesError("States.Runtime", "the Wait's \(why)") }
        switch self {
        case .seconds(let seconds): return entered.addingTimeInterval(Double(seconds))
        case .timestamp(let text):
            guard let date = Timestamp.parse(text) else { throw bad("Timestamp \(text) is not an RFC 3339 time") }
            return date
        case .secondsPath(let path):
            guard case .number(let seconds)? = path.select(input), seconds >= 0 else {
                throw bad("SecondsPath \(path) selects no non-negative number")
            }
            return entered.addingTimeInterval(NSDecimalNumber(decimal: seconds).doubleValue)
        case .timestampPath(let path):
            guard case .string(let text)? = path.select(input), let date = Timestamp.parse(text) else {
                throw bad("TimestampPath \(path) selects no RFC 3339 time")
            }
            return date
        }
    }
}
