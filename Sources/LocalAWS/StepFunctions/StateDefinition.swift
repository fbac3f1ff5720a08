import Foundation
import Shared
import WireFormat

/// One state of a definition, with the fields of its type that the executor implements.
public struct StateDefinition: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case task(resource: String)
        case pass(result: JSONValue?)
        case choice([ChoiceRule], default: String?)
        case wait(WaitDuration)
        case succeed
        case fail(error: String?, cause: String?)
        case map(
            itemsPath: JSONPath,
            maxConcurrency: Int,
            itemSelector: PayloadTemplate?,
            iterator: StateMachineDefinition
        )
    }

    let name: String
    let kind: Kind
    let next: String?
    let inputPath: PathField
    let outputPath: PathField
    /// nil: `"ResultPath": null`, the result is dropped and the input passes on.
    let resultPath: JSONPath?
    let parameters: PayloadTemplate?
    let resultSelector: PayloadTemplate?
    let retriers: [Retrier]
    let catchers: [Catcher]

    /// The fields every type takes, then each type's own.
    static let common: Set<String> = ["Type", "Comment"]
    static let fieldsByType: [String: Set<String>] = [
        "Task": [
            "Resource", "Parameters", "ResultSelector", "ResultPath", "InputPath", "OutputPath", "Next", "End",
            "Retry", "Catch",
        ],
        "Pass": ["Result", "Parameters", "ResultPath", "InputPath", "OutputPath", "Next", "End"],
        "Choice": ["Choices", "Default", "InputPath", "OutputPath"],
        "Wait": ["Seconds", "Timestamp", "SecondsPath", "TimestampPath", "InputPath", "OutputPath", "Next", "End"],
        "Succeed": ["InputPath", "OutputPath"],
        "Fail": ["Error", "Cause"],
        "Map": [
            "ItemsPath", "MaxConcurrency", "ItemSelector", "Parameters", "Iterator", "ItemProcessor", "ResultSelector",
            "ResultPath", "InputPath", "OutputPath", "Next", "End", "Catch",
        ],
    ]

    init(name: String, _ value: JSONValue, insideMap: Bool) throws {
        guard case .object(let fields) = value else {
            throw ASLError.definition(state: name, "a state is a JSON object")
        }
        guard case .string(let type)? = fields["Type"] else {
            throw ASLError.definition(state: name, "Type is missing")
        }
        guard let allowed = Self.fieldsByType[type] else {
            throw ASLError.definition(
                state: name,
                "the state type \(type) is not supported (supported: "
                    + Self.fieldsByType.keys.sorted().joined(separator: ", ") + ")"
            )
        }
        if let extra = fields.keys.sorted().first(where: { !allowed.contains($0) && !Self.common.contains($0) }) {
            throw ASLError.definition(state: name, "the field \(extra) is not supported in a \(type) state")
        }
        if insideMap, type == "Wait" || type == "Map" {
            throw ASLError.definition(state: name, "a \(type) state inside a Map's iterator is not supported")
        }
        let reader = FieldReader(state: name, fields: fields)
        self.name = name
        self.kind = try Self.kind(type, reader)
        self.next = try reader.transition(terminal: ["Choice", "Succeed", "Fail"].contains(type))
        self.inputPath = try reader.pathField("InputPath")
        self.outputPath = try reader.pathField("OutputPath")
        self.resultPath = try reader.resultPath()
        self.parameters = try fields["Parameters"].map { try PayloadTemplate($0, field: "Parameters", state: name) }
        self.resultSelector = try fields["ResultSelector"].map {
            try PayloadTemplate($0, field: "ResultSelector", state: name)
        }
        self.retriers = try reader.list("Retry").map { try Retrier($0, state: name) }
        self.catchers = try reader.list("Catch").map { try Catcher($0, state: name) }
        for (field, lists) in [("Retry", retriers.map(\.errorEquals)), ("Catch", catchers.map(\.errorEquals))] {
            if lists.dropLast().contains(where: { $0.contains("States.ALL") }) {
                throw ASLError.definition(state: name, "States.ALL must be in the last entry of \(field)")
            }
        }
    }

    private static func kind(_ type: String, _ reader: FieldReader) throws -> Kind {
        switch type {
        case "Task":
            return .task(resource: try reader.requiredString("Resource"))
        case "Pass": return .pass(result: reader.fields["Result"])
        case "Choice":
            let rules = try reader.list("Choices").map { try ChoiceRule($0, state: reader.state, top: true) }
            guard !rules.isEmpty else { throw ASLError.definition(state: reader.state, "Choices must not be empty") }
            return .choice(rules, default: try reader.string("Default"))
        case "Wait": return .wait(try WaitDuration(reader))
        case "Succeed": return .succeed
        case "Fail": return .fail(error: try reader.string("Error"), cause: try reader.string("Cause"))
        default: return try map(reader)
        }
    }

    private static func map(_ reader: FieldReader) throws -> Kind {
        let state = reader.state
        guard let processor = reader.fields["ItemProcessor"] ?? reader.fields["Iterator"] else {
            throw ASLError.definition(state: state, "a Map needs an ItemProcessor (or Iterator)")
        }
        if case .object(let fields) = processor, case .object(let config)? = fields["ProcessorConfig"],
            let mode = config["Mode"], mode != "INLINE"
        {
            throw ASLError.definition(
                state: state,
                "only an INLINE Map is supported, not \(mode.stringValue ?? "that mode")"
            )
        }
        let selector = reader.fields["ItemSelector"] ?? reader.fields["Parameters"]
        let concurrency = try reader.integer("MaxConcurrency") ?? 0
        guard concurrency >= 0 else { throw ASLError.definition(state: state, "MaxConcurrency must not be negative") }
        return .map(
            itemsPath: try reader.path("ItemsPath") ?? JSONPath("$"),
            maxConcurrency: concurrency,
            itemSelector: try selector.map { try PayloadTemplate($0, field: "ItemSelector", state: state) },
            iterator: try StateMachineDefinition(processor, within: state)
        )
    }

    var transitions: [String] {
        var names = next.map { [$0] } ?? []
        names += catchers.map(\.next)
        if case .choice(let rules, let fallback) = kind {
            names += rules.compactMap(\.next) + (fallback.map { [$0] } ?? [])
        }
        return names
    }
}

/// Reads a state's fields with errors that name the state.
struct FieldReader {
    let state: String
    let fields: [String: JSONValue]

    func string(_ name: String) throws -> String? {
        guard let value = fields[name] else { return nil }
        guard case .string(let text) = value else {
            throw ASLError.definition(state: state, "\(name) must be a string")
        }
        return text
    }

    func requiredString(_ name: String) throws -> String {
        guard let text = try string(name) else { throw ASLError.definition(state: state, "\(name) is missing") }
        return text
    }

    func integer(_ name: String) throws -> Int? {
        guard let value = fields[name] else { return nil }
        guard case .number(let number) = value,
            let integer = Int(exactly: NSDecimalNumber(decimal: number).doubleValue),
            Decimal(integer) == number
        else {
            throw ASLError.definition(state: state, "\(name) must be an integer")
        }
        return integer
    }

    func number(_ name: String) throws -> Decimal? {
        guard let value = fields[name] else { return nil }
        guard case .number(let number) = value else {
            throw ASLError.definition(state: state, "\(name) must be a number")
        }
        return number
    }

    func list(_ name: String) throws -> [JSONValue] {
        guard let value = fields[name] else { return [] }
        guard case .array(let items) = value else {
            throw ASLError.definition(state: state, "\(name) must be an array")
        }
        return items
    }

    func path(_ name: String) throws -> JSONPath? {
        guard let text = try string(name) else { return nil }
        do { return try JSONPath(text) } catch let error as ASLError {
            throw ASLError.definition(state: state, "\(name): \(error)")
        }
    }

    func pathField(_ name: String) throws -> PathField {
        if fields[name] == .null { return .discard }
        return .path(try path(name) ?? JSONPath("$"))
    }

    func resultPath() throws -> JSONPath? {
        if fields["ResultPath"] == .null { return nil }
        let path = try path("ResultPath") ?? JSONPath("$")
        guard path.isReference else { throw ASLError.definition(state: state, "ResultPath must be a Reference Path") }
        return path
    }

    func transition(terminal: Bool) throws -> String? {
        let next = try string("Next")
        let end = fields["End"]
        if terminal { return nil }
        switch (next, end) {
        case (let next?, nil): return next
        case (nil, .bool(true)?): return nil
        default: throw ASLError.definition(state: state, "a state has either Next or \"End\": true")
        }
    }
}
