import Foundation
import WireFormat

/// One value in DynamoDB's typed JSON (`{"S": "text"}`, `{"N": "12.5"}`, ...), as the DynamoDB API
/// and DynamoDB Streams records write it. Numbers stay the exact decimal text they were sent as;
/// binary values are base64 text.
public indirect enum DynamoDBAttributeValue: Sendable, Hashable {
    case string(String)
    case number(String)
    case binary(String)
    case bool(Bool)
    case null
    case list([DynamoDBAttributeValue])
    case map([String: DynamoDBAttributeValue])
    case stringSet([String])
    case numberSet([String])
    case binarySet([String])
}

extension DynamoDBAttributeValue: Codable {
    private enum TypeKey: String, CodingKey {
        case string = "S"
        case number = "N"
        case binary = "B"
        case bool = "BOOL"
        case null = "NULL"
        case list = "L"
        case map = "M"
        case stringSet = "SS"
        case numberSet = "NS"
        case binarySet = "BS"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "an attribute value has exactly one type (S, N, B, BOOL, NULL, L, M, SS, NS, BS)"
                )
            )
        }
        switch key {
        case .string: self = .string(try container.decode(String.self, forKey: key))
        case .number: self = .number(try container.decode(String.self, forKey: key))
        case .binary: self = .binary(try container.decode(String.self, forKey: key))
        case .bool: self = .bool(try container.decode(Bool.self, forKey: key))
        case .null: self = .null
        case .list: self = .list(try container.decode([DynamoDBAttributeValue].self, forKey: key))
        case .map: self = .map(try container.decode([String: DynamoDBAttributeValue].self, forKey: key))
        case .stringSet: self = .stringSet(try container.decode([String].self, forKey: key))
        case .numberSet: self = .numberSet(try container.decode([String].self, forKey: key))
        case .binarySet: self = .binarySet(try container.decode([String].self, forKey: key))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .string(let text): try container.encode(text, forKey: .string)
        case .number(let text): try container.encode(text, forKey: .number)
        case .binary(let text): try container.encode(text, forKey: .binary)
        case .bool(let flag): try container.encode(flag, forKey: .bool)
        case .null: try container.encode(true, forKey: .null)
        case .list(let values): try container.encode(values, forKey: .list)
        case .map(let values): try container.encode(values, forKey: .map)
        case .stringSet(let values): try container.encode(values, forKey: .stringSet)
        case .numberSet(let values): try container.encode(values, forKey: .numberSet)
        case .binarySet(let values): try container.encode(values, forKey: .binarySet)
        }
    }
}

extension DynamoDBAttributeValue {
    /// The typed form of a plain JSON value, as this system's items map onto DynamoDB's types.
    public init(_ value: JSONValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .number(let number): self = .number(number.description)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .array(let values): self = .list(values.map(DynamoDBAttributeValue.init))
        case .object(let members): self = .map(members.mapValues(DynamoDBAttributeValue.init))
        }
    }

    /// The plain JSON value: sets read as lists, binary as its base64 text; nil for a number that is not one.
    public var jsonValue: JSONValue? {
        switch self {
        case .string(let text), .binary(let text): return .string(text)
        case .number(let text): return Decimal.exact(text).map(JSONValue.number)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .list(let values):
            let plain = values.compactMap(\.jsonValue)
            return plain.count == values.count ? .array(plain) : nil
        case .map(let members):
            let plain = members.compactMapValues(\.jsonValue)
            return plain.count == members.count ? .object(plain) : nil
        case .stringSet(let values), .binarySet(let values): return .array(values.map(JSONValue.string))
        case .numberSet(let values):
            let numbers = values.compactMap(Decimal.exact)
            return numbers.count == values.count ? .array(numbers.map(JSONValue.number)) : nil
        }
    }

    /// An item in typed JSON.
    public static func item(_ item: Item) -> [String: DynamoDBAttributeValue] {
        item.mapValues(DynamoDBAttributeValue.init)
    }

    /// The plain item of a typed one, or nil when a number in it is not a number.
    public static func plainItem(_ typed: [String: DynamoDBAttributeValue]) -> Item? {
        let plain = typed.compactMapValues(\.jsonValue)
        return plain.count == typed.count ? plain : nil
    }
}

extension Decimal {
    /// The number a DynamoDB `N` text spells (JSON number syntax, exactly); nil when it is not a number.
    public static func exact(_ text: String) -> Decimal? {
        guard case .number(let number)? = try? JSONValueParser.parse(Data(text.utf8)) else { return nil }
        return number
    }
}
