import Foundation
import Shared
import WireFormat

/// The JSONPath of Amazon States Language Paths: `$`, then `.name`, `['name']`, `[index]`
/// (negative counts from the end), `[start:end]` slices and `[*]`. A Reference Path (what
/// `ResultPath` takes) is the subset that names one place: names and non-negative indexes.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case name(String)
        case index(Int)
        case slice(Int?, Int?)
        case wildcard
    }

    let steps: [Step]
    public let description: String

    public init(_ text: String) throws {
        description = text
        let characters = Array(text)
        guard characters.first == "$" else { throw ASLError.path(text, "a path starts with $") }
        var position = 1
        var steps: [Step] = []
        while position < characters.count {
            if characters[position] == "." {
                let start = position + 1
                position = start
                while position < characters.count, characters[position] != ".", characters[position] != "[" {
                    position += 1
                }
                let name = String(characters[start..<position])
                guard !name.isEmpty else { throw ASLError.path(text, "a . is followed by no name") }
                steps.append(name == "*" ? .wildcard : .name(name))
            } else if characters[position] == "[" {
                guard let close = characters[position...].firstIndex(of: "]") else {
                    throw ASLError.path(text, "a [ is not closed")
                }
                steps.append(try Self.bracket(String(characters[(position + 1)..<close]), in: text))
                position = close + 1
            } else {
                throw ASLError.path(text, "unexpected '\(characters[position])'")
            }
        }
        self.steps = steps
    }

    private static func bracket(_ inner: String, in text: String) throws -> Step {
        if inner == "*" { return .wildcard }
        if inner.count >= 2, inner.hasPrefix("'"), inner.hasSuffix("'") {
            return .name(String(inner.dropFirst().dropLast()))
        }
        if inner.contains(":") {
            let parts = inner.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw ASLError.path(text, "a slice has one ':'") }
            func bound(_ part: Substring) throws -> Int? {
                if part.isEmpty { return nil }
                guard let value = Int(part) else { throw ASLError.path(text, "'\(part)' is not an index") }
                return value
            }
            return .slice(try bound(parts[0]), try bound(parts[1]))
        }
        guard let index = Int(inner) else { throw ASLError.path(text, "'\(inner)' is not an index or a quoted name") }
        return .index(index)
    }

    /// Whether the path names exactly one place (a Reference Path).
    public var isReference: Bool {
        steps.allSatisfy {
            switch $0 {
            case .name: true
            case .index(let index): index >= 0
            case .slice, .wildcard: false
            }
        }
    }

    /// The value the path selects, or nil when it selects nothing. A path with a slice or a
    /// wildcard gathers what it selects into an array, as the specification says.
    public func select(_ value: JSONValue) -> JSONValue? {
        var current: [JSONValue] = [value]
        var gathers = false
        for step in steps {
            var next: [JSONValue] = []
            for item in current {
                switch (step, item) {
                case (.name(let name), .object(let fields)):
                    if let found = fields[name] { next.append(found) }
                case (.index(let index), .array(let items)):
                    let position = index < 0 ? items.count + index : index
                    if items.indices.contains(position) { next.append(items[position]) }
                case (.slice(let start, let end), .array(let items)):
                    gathers = true
                    next += Self.slice(items, start, end)
                case (.wildcard, .array(let items)):
                    gathers = true
                    next += items
                case (.wildcard, .object(let fields)):
                    gathers = true
                    next += fields.keys.sorted().compactMap { fields[$0] }
                default:
                    break
                }
            }
            current = next
        }
        if gathers { return .array(current) }
        return current.first
    }

    private static func slice(_ items: [JSONValue], _ start: Int?, _ end: Int?) -> [JSONValue] {
        func clamp(_ bound: Int?, _ fallback: Int) -> Int {
            guard let bound else { return fallback }
            return min(max(bound < 0 ? items.count + bound : bound, 0), items.count)
        }
        let from = clamp(start, 0)
        let to = clamp(end, items.count)
        return from < to ? Array(items[from..<to]) : []
    }

    /// `input` with `value` placed where this Reference Path points, building the objects on
    /// the way; nil when the place cannot be made (a name inside something not an object).
    public func placing(_ value: JSONValue, into input: JSONValue) -> JSONValue? {
        Self.place(value, into: input, steps[...])
    }

    private static func place(_ value: JSONValue, into target: JSONValue, _ steps: ArraySlice<Step>) -> JSONValue? {
        guard let step = steps.first else { return value }
        switch (step, target) {
        case (.name(let name), .object(var fields)):
            guard let placed = place(value, into: fields[name] ?? .object([:]), steps.dropFirst()) else { return nil }
            fields[name] = placed
            return .object(fields)
        case (.index(let index), .array(var items)) where items.indices.contains(index):
            guard let placed = place(value, into: items[index], steps.dropFirst()) else { return nil }
            items[index] = placed
            return .array(items)
        default:
            return nil
        }
    }
}
