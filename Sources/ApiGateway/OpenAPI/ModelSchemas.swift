import Foundation
import Shared
import WireFormat

/// The JSON Schemas of the models the API answers with, read from their `Decodable`
/// conformance: `SchemaRecorder` decodes each type from nothing and notes every key its
/// `init(from:)` asks for, with the key's type and whether it is optional (`decodeIfPresent`).
/// A field added to a model is in the document without anyone writing it there.
struct ModelSchemas {
    /// Object schemas by component name.
    private(set) var components: [String: JSONValue] = [:]

    /// `{"$ref": ...}` to the component of an object type, or the schema of any other type.
    mutating func reference<T: Decodable>(_ type: T.Type) -> JSONValue {
        if let described = type as? any SchemaDescribed.Type {
            let name = Self.componentName(type)
            if components[name] == nil { components[name] = described.schema(in: &self) }
            return ["$ref": .string("#/components/schemas/\(name)")]
        }
        let recorder = SchemaRecorder()
        do {
            let schema = try recorder.describe(type)
            components.merge(recorder.components) { current, _ in current }
            return schema
        } catch {
            // A model the recorder cannot read is a programming error the document tests catch.
            preconditionFailure("no schema for \(type): \(error)")
        }
    }

    /// `Page<Contract>` is `ContractPage`; other types keep their name.
    static func componentName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        guard let open = name.firstIndex(of: "<"), name.hasSuffix(">") else { return name }
        return String(name[name.index(after: open)..<name.index(before: name.endIndex)]) + name[..<open]
    }
}

/// A type whose schema is stated rather than read from its decoding (a choice of two models).
protocol SchemaDescribed {
    static func schema(in schemas: inout ModelSchemas) -> JSONValue
}

/// A route's answer type, kept as the way to write its schema.
struct ResponseModel: Sendable {
    let reference: @Sendable (inout ModelSchemas) -> JSONValue

    init<T: Decodable & Sendable>(_ type: T.Type) {
        reference = { schemas in schemas.reference(type) }
    }
}

/// Dictionaries with string keys decode through keys the recorder cannot know; they are
/// objects whose every value has the schema of `Value`.
protocol StringKeyedDictionary {
    static var valueType: any Decodable.Type { get }
    static var empty: Self { get }
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Decodable {
    static var valueType: any Decodable.Type { Value.self }
    static var empty: Self { [:] }
}
