import Foundation
import Shared
import WireFormat

/// A state machine in Amazon States Language, checked when it is loaded: every state, field
/// and path the executor runs, and a refusal naming the state and why for anything else (a
/// `Parallel` state, a distributed `Map`, JSONata, a field this executor does not implement).
public struct StateMachineDefinition: Sendable, Hashable {
    public let startAt: String
    public let states: [String: StateDefinition]
    public let comment: String?

    public init(json data: Data) throws {
        let value: JSONValue
        do { value = try JSONValueParser.parse(data) } catch {
            throw ASLError.definition(state: nil, "not JSON: \(error)")
        }
        try self.init(value, within: nil)
    }

    /// A machine, or a Map's iterator (`within` names the Map, which may not nest another).
    init(_ value: JSONValue, within map: String?) throws {
        guard case .object(let fields) = value else {
            throw ASLError.definition(state: map, "a definition is a JSON object")
        }
        let allowed: Set<String> =
            map == nil
            ? ["Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage"]
            : ["Comment", "StartAt", "States", "ProcessorConfig"]
        if let extra = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ASLError.definition(state: map, "the field \(extra) is not supported")
        }
        if let language = fields["QueryLanguage"], language != "JSONPath" {
            throw ASLError.definition(state: map, "only the JSONPath query language is supported")
        }
        guard case .string(let start)? = fields["StartAt"] else {
            throw ASLError.definition(state: map, "StartAt is missing")
        }
        guard case .object(let stateFields)? = fields["States"], !stateFields.isEmpty else {
            throw ASLError.definition(state: map, "States must be a non-empty object")
        }
        var states: [String: StateDefinition] = [:]
        for (name, state) in stateFields {
            guard (1...80).contains(name.count) else {
                throw ASLError.definition(state: name, "a state's name has 1 to 80 characters")
            }
            states[name] = try StateDefinition(name: name, state, insideMap: map != nil)
        }
        guard states[start] != nil else { throw ASLError.definition(state: map, "StartAt names no state (\(start))") }
        for state in states.values {
            for next in state.transitions where states[next] == nil {
                throw ASLError.definition(state: state.name, "Next names no state (\(next))")
            }
        }
        self.startAt = start
        self.states = states
        self.comment = fields["Comment"]?.stringValue
    }

    /// The definition a template deploys with `DefinitionSubstitutions`: each `${Name}` replaced.
    public static func substituting(_ text: String, _ values: [String: String]) -> String {
        values.reduce(text) { $0.replacingOccurrences(of: "${\($1.key)}", with: $1.value) }
    }

    func state(_ name: String) throws -> StateDefinition {
        guard let state = states[name] else { throw StatesError("States.Runtime", "no state named \(name)") }
        return state
    }
}

/// Where `InputPath` and `OutputPath` point: a path, or `null`, which stands for `{}`.
enum PathField: Sendable, Hashable {
    case path(JSONPath)
    case discard

    func apply(_ value: JSONValue) throws -> JSONValue {
        switch self {
        case .discard: return .object([:])
        case .path(let path):
            guard let selected = path.select(value) else {
                throw StatesError(
                    "States.Runtime",
                    "the path \(path) selects nothing in \(JSON.string(value).prefix(200))"
                )
            }
            return selected
        }
    }
}
