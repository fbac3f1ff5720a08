import Foundation
import Shared
import WireFormat

/// The intrinsic functions the campaign definition uses, as Appendix B of the specification
/// defines them: `States.Format`, `States.ArrayLength`, `States.JsonToString`, `States.Array`
/// and `States.MathAdd`. Any other name is refused when the definition is loaded.
indirect enum IntrinsicFunction: Sendable, Hashable {
    enum Argument: Sendable, Hashable {
        case literal(JSONValue)
        case path(JSONPath, context: Bool)
        case call(IntrinsicFunction)
    }

    case call(String, [Argument])

    static let supported: Set<String> = [
        "States.Format", "States.ArrayLength", "States.JsonToString", "States.Array", "States.MathAdd",
    ]

    /// Parses `States.Format('Today is {}', $.DayOfWeek)`.
    static func parse(_ text: String) throws -> IntrinsicFunction {
        var parser = Parser(scalars: Array(text.unicodeScalars), text: text)
        let function = try parser.function()
        parser.skipSpaces()
        guard parser.atEnd else { throw ASLError.path(text, "text follows the function's closing )") }
        return function
    }

    func evaluate(input: JSONValue, context: JSONValue) throws -> JSONValue {
        guard case .call(let name, let arguments) = self else { return .null }
        let values = try arguments.map { argument -> JSONValue in
            switch argument {
            case .literal(let value): return value
            case .call(let function): return try function.evaluate(input: input, context: context)
            case .path(let path, let fromContext):
                guard let value = path.select(fromContext ? context : input) else {
                    throw StatesError("States.IntrinsicFailure", "\(name): \(path) selects nothing")
                }
                return value
            }
        }
        return try Self.apply(name, values)
    }

    private static func apply(_ name: String, _ values: [JSONValue]) throws -> JSONValue {
        func fail(_ why: String) -> StatesError { StatesError("States.IntrinsicFailure", "\(name): \(why)") }
        switch name {
        case "States.Format":
            guard case .string(let template)? = values.first else {
                throw fail("the first argument is the template string")
            }
            return .string(try format(template, Array(values.dropFirst()), fail))
        case "States.ArrayLength":
            guard values.count == 1, case .array(let items) = values[0] else { throw fail("takes one array") }
            return .number(Decimal(items.count))
        case "States.JsonToString":
            guard values.count == 1 else { throw fail("takes one value") }
            return .string(JSON.string(values[0]))
        case "States.Array":
            return .array(values)
        case "States.MathAdd":
            guard values.count == 2, case .number(let a) = values[0], case .number(let b) = values[1] else {
                throw fail("takes two numbers")
            }
            return .number(a + b)
        default:
            throw fail("is not supported")
        }
    }

    /// `{}` takes the next argument: strings as they are, other values as JSON text.
    private static func format(
        _ template: String,
        _ arguments: [JSONValue],
        _ fail: (String) -> StatesError
    ) throws -> String {
        var result = ""
        var remaining = arguments[...]
        var scalars = template.unicodeScalars[...]
        while let first = scalars.first {
            scalars = scalars.dropFirst()
            if first == "{", scalars.first == "}" {
                scalars = scalars.dropFirst()
                guard let argument = remaining.popFirst() else { throw fail("more {} than arguments") }
                if case .string(let text) = argument { result += text } else { result += JSON.string(argument) }
            } else {
                result.unicodeScalars.append(first)
            }
        }
        guard remaining.isEmpty else { throw fail("more arguments than {}") }
        return result
    }

    /// Reads the function syntax: names, apostrophe strings with `\` escapes, numbers, null,
    /// paths and nested calls, separated by commas.
    private struct Parser {
        let scalars: [Unicode.Scalar]
        let text: String
        var position = 0

        var atEnd: Bool { position >= scalars.count }

        mutating func skipSpaces() {
            while !atEnd, scalars[position] == " " { position += 1 }
        }

        mutating func function() throws -> IntrinsicFunction {
            skipSpaces()
            let start = position
            while !atEnd,
                scalars[position].properties.isAlphabetic || "0123456789._".unicodeScalars.contains(scalars[position])
            {
                position += 1
            }
            let name = String(String.UnicodeScalarView(scalars[start..<position]))
            guard IntrinsicFunction.supported.contains(name) else {
                throw ASLError.path(text, "the intrinsic function \(name.isEmpty ? "(none)" : name) is not supported")
            }
            guard !atEnd, scalars[position] == "(" else { throw ASLError.path(text, "\(name) is not followed by (") }
            position += 1
            var arguments: [Argument] = []
            skipSpaces()
            if !atEnd, scalars[position] == ")" {
                position += 1
                return .call(name, arguments)
            }
            while true {
                arguments.append(try argument())
                skipSpaces()
                guard !atEnd else { throw ASLError.path(text, "\(name)( is not closed") }
                if scalars[position] == ")" {
                    position += 1
                    return .call(name, arguments)
                }
                guard scalars[position] == "," else { throw ASLError.path(text, "arguments are separated by commas") }
                position += 1
            }
        }

        mutating func argument() throws -> Argument {
            skipSpaces()
            guard !atEnd else { throw ASLError.path(text, "an argument is missing") }
            let first = scalars[position]
            if first == "'" { return .literal(.string(try quoted())) }
            if first == "$" {
                let start = position
                while !atEnd, scalars[position] != ",", scalars[position] != ")", scalars[position] != " " {
                    position += 1
                }
                let path = String(String.UnicodeScalarView(scalars[start..<position]))
                let fromContext = path.hasPrefix("$$")
                return .path(try JSONPath(fromContext ? String(path.dropFirst()) : path), context: fromContext)
            }
            let start = position
            while !atEnd, scalars[position] != ",", scalars[position] != ")", scalars[position] != " ",
                scalars[position] != "("
            {
                position += 1
            }
            let word = String(String.UnicodeScalarView(scalars[start..<position]))
            if !atEnd, scalars[position] == "(" {
                position = start
                return .call(try function())
            }
            if word == "null" { return .literal(.null) }
            guard let number = Decimal(string: word), word.first.map({ $0.isNumber || $0 == "-" }) == true else {
                throw ASLError.path(text, "'\(word)' is not a string, number, null, path or function")
            }
            return .literal(.number(number))
        }

        mutating func quoted() throws -> String {
            position += 1
            var value = String.UnicodeScalarView()
            while !atEnd {
                let scalar = scalars[position]
                position += 1
                if scalar == "'" { return String(value) }
                if scalar == "\\" {
                    guard !atEnd, "'{}\\".unicodeScalars.contains(scalars[position]) else {
                        throw ASLError.path(text, "an open escape \\ in a string")
                    }
                    // `\{` and `\}` stay escaped for States.Format to print as braces.
                    value.append(scalars[position])
                    position += 1
                } else {
                    value.append(scalar)
                }
            }
            throw ASLError.path(text, "a string is not closed")
        }
    }
}
