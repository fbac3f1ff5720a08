import Foundation
import Shared
import WireFormat

/// Checks JSON values against the JSON Schema keywords the API document uses (draft 2020-12):
/// `$ref` into the document, `type`, `enum`, `properties`, `required`, `additionalProperties`,
/// `items`, `anyOf`, `oneOf`, string lengths and `pattern`, number bounds and `multipleOf`,
/// `minItems`/`maxItems`, `maxProperties`, `propertyNames`. An unknown keyword is a problem
/// too, so the checker never passes what it did not look at. Lengths count Unicode scalars.
public struct JSONSchemaValidator {
    let document: JSONValue

    public init(document: JSONValue) {
        self.document = document
    }

    static let annotations: Set<String> = ["description", "format", "example", "title", "default"]

    /// What is wrong with `value`, one line each; empty when it conforms.
    public func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        guard case .object(let keywords) = schema else { return ["\(path): the schema is not an object"] }
        var found: [String] = []
        for (keyword, argument) in keywords.sorted(by: { $0.key < $1.key }) where !Self.annotations.contains(keyword) {
            found += check(keyword, argument, value, keywords, at: path)
        }
        return found
    }

    private func check(
        _ keyword: String,
        _ argument: JSONValue,
        _ value: JSONValue,
        _ keywords: [String: JSONValue],
        at path: String
    ) -> [String] {
        switch keyword {
        case "$ref":
            return resolve(argument).map { problems(value, $0, at: path) } ?? ["\(path): cannot resolve \(argument)"]
        case "type":
            return Self.hasType(value, argument.stringValue ?? "")
                ? [] : ["\(path): not of type \(argument.stringValue ?? "?")"]
        case "enum": return (argument.arrayValue ?? []).contains(value) ? [] : ["\(path): not one of \(argument)"]
        case "anyOf", "oneOf":
            let matches = (argument.arrayValue ?? []).filter { problems(value, $0, at: path).isEmpty }.count
            let fine = keyword == "anyOf" ? matches >= 1 : matches == 1
            return fine ? [] : ["\(path): matches \(matches) of the \(keyword) schemas"]
        case "properties", "required", "additionalProperties", "maxProperties", "propertyNames":
            return objectProblems(keyword, argument, value, keywords, at: path)
        case "items", "minItems", "maxItems": return arrayProblems(keyword, argument, value, at: path)
        case "pattern", "minLength", "maxLength": return stringProblems(keyword, argument, value, at: path)
        case "minimum", "maximum", "exclusiveMaximum", "multipleOf":
            return numberProblems(keyword, argument, value, at: path)
        default: return ["\(path): the checker does not know the keyword \(keyword)"]
        }
    }

    private func resolve(_ reference: JSONValue) -> JSONValue? {
        guard let text = reference.stringValue, text.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in text.dropFirst(2).split(separator: "/") {
            guard case .object(let object)? = node else { return nil }
            node = object[String(part)]
        }
        return node
    }

    static func hasType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("null", .null), ("array", .array), ("object", .object),
            ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number == (number as NSDecimalNumber).rounding(accordingToBehavior: nil).decimalValue
        default:
            return false
        }
    }

    private func objectProblems(
        _ keyword: String,
        _ argument: JSONValue,
        _ value: JSONValue,
        _ keywords: [String: JSONValue],
        at path: String
    ) -> [String] {
        guard case .object(let object) = value else { return [] }
        let declared = keywords["properties"]?.objectValue ?? [:]
        switch keyword {
        case "properties":
            return declared.sorted { $0.key < $1.key }.flatMap { name, schema in
                object[name].map { problems($0, schema, at: "\(path).\(name)") } ?? []
            }
        case "required":
            return (argument.arrayValue ?? []).compactMap(\.stringValue).filter { object[$0] == nil }.map {
                "\(path): \($0) is missing"
            }
        case "additionalProperties":
            let extra = object.keys.filter { declared[$0] == nil }.sorted()
            if argument == .bool(false) { return extra.map { "\(path): \($0) is not in the schema" } }
            return extra.flatMap { problems(object[$0]!, argument, at: "\(path).\($0)") }
        case "maxProperties":
            return object.count <= Int(truncating: (argument.numberValue ?? 0) as NSDecimalNumber)
                ? [] : ["\(path): too many properties"]
        default:
            return object.keys.sorted().flatMap { problems(.string($0), argument, at: "\(path) key \($0)") }
        }
    }

    private func arrayProblems(
        _ keyword: String,
        _ argument: JSONValue,
        _ value: JSONValue,
        at path: String
    ) -> [String] {
        guard case .array(let items) = value else { return [] }
        let bound = Int(truncating: (argument.numberValue ?? 0) as NSDecimalNumber)
        switch keyword {
        case "items": return items.enumerated().flatMap { problems($1, argument, at: "\(path)[\($0)]") }
        case "minItems": return items.count >= bound ? [] : ["\(path): fewer than \(bound) items"]
        default: return items.count <= bound ? [] : ["\(path): more than \(bound) items"]
        }
    }

    private func stringProblems(
        _ keyword: String,
        _ argument: JSONValue,
        _ value: JSONValue,
        at path: String
    ) -> [String] {
        guard case .string(let text) = value else { return [] }
        let bound = Int(truncating: (argument.numberValue ?? 0) as NSDecimalNumber)
        switch keyword {
        case "minLength": return text.unicodeScalars.count >= bound ? [] : ["\(path): shorter than \(bound)"]
        case "maxLength": return text.unicodeScalars.count <= bound ? [] : ["\(path): longer than \(bound)"]
        default: return Self.matches(argument.stringValue ?? "", text) ? [] : ["\(path): does not match its pattern"]
        }
    }

    private func numberProblems(
        _ keyword: String,
        _ argument: JSONValue,
        _ value: JSONValue,
        at path: String
    ) -> [String] {
        guard case .number(let number) = value, let bound = argument.numberValue else { return [] }
        let fine: Bool =
            switch keyword {
            case "minimum": number >= bound
            case "maximum": number <= bound
            case "exclusiveMaximum": number < bound
            default: Self.hasType(.number(number / bound), "integer")
            }
        return fine ? [] : ["\(path): \(number) breaks \(keyword) \(bound)"]
    }

    /// Whether `text` matches `pattern` as ECMA-262 reads the document's patterns, which all
    /// anchor with `^...$`: the match must cover the text (ICU's `$` would also match before a
    /// final line break, ECMA-262's does not).
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        guard let expression = expressions.expression(pattern) else { return false }
        let whole = NSRange(text.startIndex..., in: text)
        return expression.firstMatch(in: text, range: whole)?.range == whole
    }
}

private let expressions = ExpressionCache()

private final class ExpressionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression] = [:]

    func expression(_ pattern: String) -> NSRegularExpression? {
        lock.withLock {
            if let expression = compiled[pattern] { return expression }
            let expression = try? NSRegularExpression(pattern: pattern)
            compiled[pattern] = expression
            return expression
        }
    }
}
