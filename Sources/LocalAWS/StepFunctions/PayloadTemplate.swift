import Foundation
import Shared
import WireFormat

/// A Payload Template (`Parameters`, `ItemSelector`, `ResultSelector`): a JSON object whose
/// fields named `….$` take a Path into the input, a `$$` Path into the Context Object, or an
/// intrinsic function, each checked when the definition is loaded.
struct PayloadTemplate: Sendable, Hashable {
    indirect enum Node: Sendable, Hashable {
        case literal(JSONValue)
        case path(JSONPath, context: Bool)
        case function(IntrinsicFunction)
        case object([String: Node])
        case array([Node])
    }

    let root: Node

    init(_ value: JSONValue, field: String, state: String) throws {
        guard case .object = value else { throw ASLError.definition(state: state, "\(field) must be a JSON object") }
        root = try Self.node(value, state: state)
    }

    private static func node(_ value: JSONValue, state: String) throws -> Node {
        switch value {
        case .object(let fields):
            var nodes: [String: Node] = [:]
            for (name, field) in fields {
                guard name.hasSuffix(".$") else {
                    nodes[name] = try node(field, state: state)
                    continue
                }
                let stripped = String(name.dropLast(2))
                guard fields[stripped] == nil else {
                    throw ASLError.definition(state: state, "the fields \(name) and \(stripped) collide")
                }
                guard case .string(let text) = field else {
                    throw ASLError.definition(
                        state: state,
                        "the value of \(name) must be a path or an intrinsic function"
                    )
                }
                nodes[stripped] = try dynamic(text, state: state)
            }
            return .object(nodes)
        case .array(let items):
            return .array(try items.map { try node($0, state: state) })
        default:
            return .literal(value)
        }
    }

    private static func dynamic(_ text: String, state: String) throws -> Node {
        do {
            if text.hasPrefix("$$") { return .path(try JSONPath(String(text.dropFirst())), context: true) }
            if text.hasPrefix("$") { return .path(try JSONPath(text), context: false) }
            return .function(try IntrinsicFunction.parse(text))
        } catch let error as ASLError {
            throw ASLError.definition(state: state, error.description)
        }
    }

    func apply(input: JSONValue, context: JSONValue) throws -> JSONValue {
        try Self.evaluate(root, input: input, context: context)
    }

    private static func evaluate(_ node: Node, input: JSONValue, context: JSONValue) throws -> JSONValue {
        switch node {
        case .literal(let value): return value
        case .path(let path, let fromContext):
            guard let value = path.select(fromContext ? context : input) else {
                throw StatesError.parameterPath((fromContext ? "$" : "") + path.description)
            }
            return value
        case .function(let function): return try function.evaluate(input: input, context: context)
        case .object(let fields):
            return .object(try fields.mapValues { try evaluate($0, input: input, context: context) })
        case .array(let items): return .array(try items.map { try evaluate($0, input: input, context: context) })
        }
    }
}
