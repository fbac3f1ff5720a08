import Foundation
import Shared
import WireFormat

/// A `Decoder` that decodes a type from nothing and records what it asked for: the keys of a
/// keyed container (required unless asked with `decodeIfPresent`), the element of an unkeyed
/// one, or a single value. Each value it hands back is a placeholder of the asked type.
final class SchemaRecorder {
    private(set) var components: [String: JSONValue] = [:]

    /// The schema of `type`: a primitive's, an enumeration's cases, an array's, or a reference
    /// to the component of an object (registered on the way).
    func describe<T: Decodable>(_ type: T.Type) throws -> JSONValue {
        try placeholder(type).schema
    }

    func placeholder<T: Decodable>(_ type: T.Type) throws -> (value: T, schema: JSONValue) {
        if let primitive = Self.primitive(type) { return primitive }
        if let choices = type as? any CaseIterable.Type, let (first, values) = Self.cases(choices),
            let value = first as? T
        {
            return (value, ["type": "string", "enum": .array(values.map(JSONValue.string))])
        }
        if let dictionary = type as? any StringKeyedDictionary.Type, let value = Self.empty(dictionary) as? T {
            return (value, ["type": "object", "additionalProperties": try describeOpened(dictionary.valueType)])
        }
        let shape = Shape()
        let value = try T(from: Reader(recorder: self, shape: shape))
        switch shape.kind {
        case .object:
            let name = ModelSchemas.componentName(type)
            var object: [String: JSONValue] = [
                "type": "object", "additionalProperties": false,
                "properties": .object(shape.properties),
            ]
            if !shape.required.isEmpty { object["required"] = .array(shape.required.map(JSONValue.string)) }
            components[name] = .object(object)
            return (value, ["$ref": .string("#/components/schemas/\(name)")])
        case .array: return (value, ["type": "array", "items": shape.single ?? [:]])
        case .single, .none: return (value, shape.single ?? [:])
        }
    }

    private func describeOpened<V: Decodable>(_ type: V.Type) throws -> JSONValue {
        try describe(type)
    }

    private static func primitive<T>(_ type: T.Type) -> (value: T, schema: JSONValue)? {
        let known: [(Any.Type, Any, JSONValue)] = [
            (String.self, "", ["type": "string"]), (Bool.self, false, ["type": "boolean"]),
            (Int.self, 0, ["type": "integer"]), (Int64.self, Int64(0), ["type": "integer"]),
            (Int32.self, Int32(0), ["type": "integer"]), (UInt.self, UInt(0), ["type": "integer", "minimum": 0]),
            (Double.self, 0.0, ["type": "number"]), (Float.self, Float(0), ["type": "number"]),
            (Decimal.self, Decimal(0), ["type": "number"]),
            // Any JSON value at all: the empty schema.
            (JSONValue.self, JSONValue.null, [:]),
        ]
        guard let (_, value, schema) = known.first(where: { $0.0 == type }), let typed = value as? T else { return nil }
        return (typed, schema)
    }

    private static func cases<C: CaseIterable>(_ type: C.Type) -> (Any, [String])? {
        let values = C.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
        guard let first = C.allCases.first, values.count == C.allCases.count else { return nil }
        return (first, values)
    }

    private static func empty<D: StringKeyedDictionary>(_ type: D.Type) -> Any { D.empty }

    /// What one `init(from:)` asked for.
    final class Shape {
        enum Kind { case none, object, array, single }
        var kind = Kind.none
        var properties: [String: JSONValue] = [:]
        var required: [String] = []
        var single: JSONValue?
    }

    struct Unsupported: Error, CustomStringConvertible {
        let description: String
    }
}

extension SchemaRecorder {
    struct Reader: Decoder {
        let recorder: SchemaRecorder
        let shape: Shape
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            shape.kind = .object
            return KeyedDecodingContainer(Keyed<Key>(recorder: recorder, shape: shape))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            shape.kind = .array
            return Unkeyed(recorder: recorder, shape: shape)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            shape.kind = .single
            return Single(recorder: recorder, shape: shape)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: SchemaRecorder
        let shape: Shape
        var codingPath: [any CodingKey] = []
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try record(type, key, required: true) }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            try record(type, key, required: false)
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try record(type, key, required: true) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try record(type, key, required: true) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try record(type, key, required: true) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try record(type, key, required: true) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try record(type, key, required: true) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
            try record(type, key, required: false)
        }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            try record(type, key, required: false)
        }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
            try record(type, key, required: false)
        }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
            try record(type, key, required: false)
        }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
            try record(type, key, required: false)
        }

        // The models of the API use none of these; one that does fails loudly in the document tests.
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw unsupported(type) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw unsupported(type) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw unsupported(type) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw unsupported(type) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw unsupported(type) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw unsupported(type) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw unsupported(type) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw unsupported(type) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw unsupported(type) }
        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type,
            forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            throw unsupported(type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw unsupported(Key.self)
        }
        func superDecoder() throws -> any Decoder { throw unsupported(Key.self) }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw unsupported(Key.self) }

        private func record<T: Decodable>(_ type: T.Type, _ key: Key, required: Bool) throws -> T {
            let (value, schema) = try recorder.placeholder(type)
            shape.properties[key.stringValue] = schema
            if required { shape.required.append(key.stringValue) }
            return value
        }

        private func unsupported(_ type: Any.Type) -> Unsupported {
            Unsupported(description: "\(type) at \(Key.self)")
        }
    }

    /// Hands out one element, so an array's element type is recorded once.
    struct Unkeyed: UnkeyedDecodingContainer {
        let recorder: SchemaRecorder
        let shape: Shape
        var codingPath: [any CodingKey] = []
        var count: Int? { 1 }
        var isAtEnd: Bool { currentIndex > 0 }
        var currentIndex = 0

        mutating func decodeNil() throws -> Bool { false }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, schema) = try recorder.placeholder(type)
            shape.single = schema
            currentIndex += 1
            return value
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type
        ) throws -> KeyedDecodingContainer<NestedKey> {
            throw Unsupported(description: "nested container in an array")
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw Unsupported(description: "nested array")
        }
        mutating func superDecoder() throws -> any Decoder {
            throw Unsupported(description: "super decoder in an array")
        }
    }

    struct Single: SingleValueDecodingContainer {
        let recorder: SchemaRecorder
        let shape: Shape
        var codingPath: [any CodingKey] = []

        func decodeNil() -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, schema) = try recorder.placeholder(type)
            shape.single = schema
            return value
        }
    }
}
