import Foundation

/// Any JSON value, with numbers kept as exact decimals. Table items are objects of these
/// (DynamoDB's S, N, BOOL, NULL, L and M types map one to one).
public enum JSONValue: Sendable, Hashable {
    case string(String)
    case number(Decimal)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])
}

/// A table item: attribute name to value.
public typealias Item = [String: JSONValue]

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Each kind is tried in turn, a miss costing a thrown error: the likeliest first (item
        // attributes are mostly strings and numbers). JSON's kinds are disjoint, so the order
        // changes nothing else.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Decimal(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue {
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var numberValue: Decimal? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The JSON form of any Encodable, e.g. a model turned into a table item.
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONValueParser.parse(JSON.encode(value))
    }

    /// Decodes this value as a Codable type (the inverse of `init(encoding:)`).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSON.decode(type, from: JSON.encode(self))
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// A model as a table item; throws when it does not encode to a JSON object.
    public init<T: Encodable>(encoding value: T) throws {
        guard case .object(let object) = try JSONValue(encoding: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "not an object"))
        }
        self = object
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValue.object(self).decode(type)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue {
    /// A member of an object; nil for anything else.
    public subscript(_ key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object }
        return nil
    }
}
