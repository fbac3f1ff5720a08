import Foundation
import Shared
import WireFormat

/// Items in DynamoDB's typed JSON: `S`, `N` (numbers as exact decimal text), `BOOL`, `NULL`, `L`, `M`.
enum AttributeValue {
    static func encode(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): ["S": .string(text)]
        case .number(let number): ["N": .string(number.description)]
        case .bool(let flag): ["BOOL": .bool(flag)]
        case .null: ["NULL": true]
        case .array(let values): ["L": .array(values.map(encode))]
        case .object(let object): ["M": .object(object.mapValues(encode))]
        }
    }

    static func encode(_ item: Item) -> JSONValue {
        .object(item.mapValues(encode))
    }

    /// The value of a typed attribute; sets (which this system never writes) read as lists, binary as base64 text.
    static func decode(_ typed: JSONValue) throws -> JSONValue {
        guard case .object(let fields) = typed, fields.count == 1, let (type, value) = fields.first else {
            throw malformed("an attribute value must have exactly one type")
        }
        switch (type, value) {
        case ("S", .string(let text)), ("B", .string(let text)): return .string(text)
        case ("N", .string(let text)): return .number(try number(text))
        case ("BOOL", .bool(let flag)): return .bool(flag)
        case ("NULL", _): return .null
        case ("L", .array(let values)): return .array(try values.map(decode))
        case ("M", .object(let object)): return .object(try object.mapValues(decode))
        case ("SS", .array(let values)), ("BS", .array(let values)): return .array(values)
        case ("NS", .array(let values)): return .array(try values.map { .number(try number($0.stringValue ?? "")) })
        default: throw malformed("unknown attribute type \(type)")
        }
    }

    /// Checks every number (`{"N": "<text>"}`) anywhere in a request, as DynamoDB does.
    static func validateNumbers(in typed: JSONValue) throws {
        switch typed {
        case .object(let members):
            if members.count == 1, case .string(let text)? = members["N"] {
                try TableRules.validateNumber(text: text)
            } else {
                try members.values.forEach(validateNumbers)
            }
        case .array(let values): try values.forEach(validateNumbers)
        case .string, .number, .bool, .null: break
        }
    }

    static func decodeItem(_ typed: JSONValue?) throws -> Item? {
        guard let typed else { return nil }
        guard case .object(let attributes) = typed else { throw malformed("an item must be an object") }
        return try attributes.mapValues(decode)
    }

    private static func number(_ text: String) throws -> Decimal {
        guard let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw malformed("\(text) is not a number")
        }
        return number
    }

    private static func malformed(_ message: String) -> AWSServiceError {
        AWSServiceError(service: "dynamodb", status: 200, code: "MalformedResponse", message: message)
    }
}
