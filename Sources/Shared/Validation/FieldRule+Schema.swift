import Foundation
import WireFormat

/// The JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it) of request bodies and their fields.
/// Each kind states its `Validate` rule exactly, or more narrowly where an expression cannot say
/// it (`.string` fields checked by the function they go to), never more widely.
extension FieldRule {
    public var schema: JSONValue {
        var schema = kind.schema
        if case .object(var object) = schema {
            object["description"] = .string(summary)
            schema = .object(object)
        }
        return schema
    }

    /// An object of exactly these fields, the required ones required.
    public static func objectSchema(_ rules: [FieldRule]) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": "object",
            "additionalProperties": false,
            "properties": .object(Dictionary(uniqueKeysWithValues: rules.map { ($0.name, $0.schema) })),
        ]
        let required = rules.filter(\.isRequired).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return .object(schema)
    }
}

extension FieldKind {
    public var schema: JSONValue {
        switch self {
        case .id(let prefix, let length):
            return Self.string(pattern: Validate.idPattern(prefix: prefix, length: length))
        case .code: return Self.string(pattern: Validate.codePattern)
        case .day: return ["type": "string", "format": "date", "pattern": .string(Validate.dayPattern)]
        case .amount:
            return [
                "type": "number", "minimum": 0, "exclusiveMaximum": .number(Validate.maximumAmount),
                "multipleOf": .number(Decimal(string: "0.01")!),
            ]
        case .currency: return Self.string(pattern: Validate.currencyPattern)
        case .email:
            return ["type": "string", "format": "email", "maxLength": 254, "pattern": .string(Validate.emailPattern)]
        case .phone: return Self.string(pattern: Validate.phonePattern)
        case .text(let maximum, let lineBreaks, let allowEmpty):
            return [
                "$ref": .string(Self.reference(Self.textSchemaName(lineBreaks: lineBreaks, allowEmpty: allowEmpty))),
                "minLength": allowEmpty ? 0 : 1, "maxLength": .number(Decimal(maximum)),
            ]
        case .integer(let range):
            return [
                "type": "integer", "minimum": .number(Decimal(range.lowerBound)),
                "maximum": .number(Decimal(range.upperBound)),
            ]
        case .choice(let choices): return ["type": "string", "enum": .array(choices.map(JSONValue.string))]
        case .filename: return ["$ref": .string(Self.reference("Filename"))]
        case .string(let maximumBytes, let narrowing):
            switch narrowing {
            // A character takes up to 4 bytes, so the document states a quarter of the byte limit.
            case .none: return ["type": "string", "maxLength": .number(Decimal(maximumBytes / 4))]
            case .oneOf(let choices): return FieldKind.choice(choices).schema
            case .pattern(let pattern, let length):
                return ["type": "string", "maxLength": .number(Decimal(length)), "pattern": .string(pattern)]
            }
        case .emails(let maximum):
            let address = FieldKind.email.schema
            return [
                "anyOf": [
                    address, ["type": "array", "items": address, "minItems": 1, "maxItems": .number(Decimal(maximum))],
                ]
            ]
        case .namedValues(let maximum, let textMaximum):
            let text = FieldKind.text(maximum: textMaximum, allowEmpty: true).schema
            return [
                "type": "object", "maxProperties": .number(Decimal(maximum)),
                "propertyNames": ["pattern": .string(Validate.valueNamePattern)],
                "additionalProperties": ["anyOf": [text, ["type": "number"], ["type": "boolean"]]],
            ]
        case .list(let item, let maximum):
            return ["type": "array", "items": item.schema, "minItems": 1, "maxItems": .number(Decimal(maximum))]
        }
    }

    /// The schemas the field schemas refer to (their expressions are long), by name; a document
    /// puts them under `components/schemas`.
    public static let sharedSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [
            "Filename": [
                "type": "string", "minLength": 1, "maxLength": 255, "pattern": .string(Validate.filenamePattern),
                "description": .string(
                    "a plain file name: no path separators, no leading dot or spaces, "
                        + "no control or invisible characters, no markup"
                ),
            ]
        ]
        for lineBreaks in [true, false] {
            for allowEmpty in [true, false] {
                schemas[textSchemaName(lineBreaks: lineBreaks, allowEmpty: allowEmpty)] = [
                    "type": "string",
                    "pattern": .string(Validate.textPattern(lineBreaks: lineBreaks, allowEmpty: allowEmpty)),
                    "description": .string(
                        "plain text: no control characters\(lineBreaks ? " but line breaks and tabs" : ""), "
                            + "no bidirectional overrides, no HTML tags or script links"
                            + (allowEmpty ? "" : ", not only spaces")
                    ),
                ]
            }
        }
        return schemas
    }()

    static func textSchemaName(lineBreaks: Bool, allowEmpty: Bool) -> String {
        (lineBreaks ? "PlainText" : "PlainLine") + (allowEmpty ? "OrEmpty" : "")
    }

    static func reference(_ name: String) -> String { "#/components/schemas/\(name)" }

    private static func string(pattern: String) -> JSONValue {
        ["type": "string", "pattern": .string(pattern)]
    }
}
