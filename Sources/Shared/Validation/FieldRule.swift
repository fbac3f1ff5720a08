import Foundation
import WireFormat

/// One field of a JSON request body: its name, whether it must be present, and the rule its
/// value follows. The API checks request bodies with these rules and its OpenAPI document is
/// generated from them (`FieldRule+Schema.swift`), so the document states what the code checks.
public struct FieldRule: Sendable {
    public let name: String
    public let kind: FieldKind
    public let isRequired: Bool
    /// One line for the API document.
    public let summary: String

    public static func required(_ name: String, _ kind: FieldKind, _ summary: String) -> FieldRule {
        FieldRule(name: name, kind: kind, isRequired: true, summary: summary)
    }

    public static func optional(_ name: String, _ kind: FieldKind, _ summary: String) -> FieldRule {
        FieldRule(name: name, kind: kind, isRequired: false, summary: summary)
    }
}

/// The rule of a field's value; each is checked with the `Validate` rule of the same name.
public enum FieldKind: Sendable {
    /// `prefix` + upper-case letters or digits, `length` in all (`CT001ABC`).
    case id(prefix: String, length: Int)
    /// An upper-case code such as SERVICE (`Validate.code`).
    case code
    /// A calendar day, `YYYY-MM-DD` (`Validate.day`).
    case day
    /// Money: 0 to 999999999999.99, at most 2 decimals (`Validate.amount`); also taken as a numeric string.
    case amount
    /// A 3-letter ISO 4217 code.
    case currency
    case email
    case phone
    /// Free text (`Validate.text`).
    case text(maximum: Int, lineBreaks: Bool = true, allowEmpty: Bool = false)
    /// A whole number within `range`; also taken as a numeric string.
    case integer(ClosedRange<Int>)
    /// One of these strings.
    case choice([String])
    /// A file name that is only a name (`Validate.filename`).
    case filename
    /// A string the function it is for checks further; the document may state it more narrowly.
    case string(maximumBytes: Int, documented: Narrowing = .none)
    /// One email address or a list of 1 to `maximum`.
    case emails(maximum: Int)
    /// An object of named values: strings (free text), numbers or booleans.
    case namedValues(maximum: Int, textMaximum: Int)
    /// A list of 1 to `maximum` values, each of `item`'s rule.
    indirect case list(of: FieldKind, maximum: Int)

    /// What the document says of a `.string` beyond its type: what the function it goes to accepts.
    public enum Narrowing: Sendable {
        case none
        case oneOf([String])
        /// An expression, and the length the function allows in characters.
        case pattern(String, maximumLength: Int)
    }
}

extension Fields {
    /// The body's fields checked against `rules`: no field but theirs, every required one present,
    /// each value of its rule. A wrong JSON type answers 400, a value breaking its rule 422.
    public init(_ values: [String: JSONValue], rules: [FieldRule]) throws {
        try self.init(values, allowed: Set(rules.map(\.name)))
        for rule in rules {
            guard has(rule.name) else {
                if rule.isRequired { throw DomainError.invalid("\(rule.name) is required") }
                continue
            }
            try check(rule.name, rule.kind)
        }
    }

    private func check(_ name: String, _ kind: FieldKind) throws {
        switch kind {
        case .id(let prefix, let length):
            let value = try requiredString(name)
            guard Validate.isId(value, prefix: prefix, length: length) else {
                throw DomainError.invalid(
                    "\(name) must be \(prefix) followed by \(length - prefix.count) upper-case letters or digits"
                )
            }
        case .code: try Validate.code(try requiredString(name), field: name)
        case .day: _ = try Validate.day(try requiredString(name), field: name)
        case .amount: try Validate.amount(try decimal(name) ?? 0, field: name)
        case .currency: try Validate.currency(try requiredString(name), field: name)
        case .email: try Validate.email(try requiredString(name), field: name)
        case .phone: try Validate.phone(try requiredString(name), field: name)
        case .text(let maximum, let lineBreaks, let allowEmpty):
            try Validate.text(
                try requiredString(name),
                field: name,
                maximum: maximum,
                allowLineBreaks: lineBreaks,
                allowEmpty: allowEmpty
            )
        case .integer(let range):
            guard let value = try integer(name), range.contains(value) else {
                throw DomainError.invalid(
                    "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)"
                )
            }
        case .choice(let choices):
            guard choices.contains(try requiredString(name)) else {
                throw DomainError.invalid("\(name) must be one of \(choices.joined(separator: ", "))")
            }
        case .filename: try Validate.filename(try requiredString(name), field: name)
        case .string(let maximumBytes, _):
            guard try requiredString(name).utf8.count <= maximumBytes else {
                throw DomainError.invalid("\(name) must be at most \(maximumBytes) bytes")
            }
        case .emails(let maximum): try checkEmails(name, maximum: maximum)
        case .namedValues(let maximum, let textMaximum):
            try checkNamedValues(name, maximum: maximum, textMaximum: textMaximum)
        case .list(let item, let maximum): try checkList(name, item: item, maximum: maximum)
        }
    }

    private func checkList(_ name: String, item: FieldKind, maximum: Int) throws {
        guard case .array(let list)? = values[name] else { throw DomainError.malformed("\(name) must be a list") }
        guard (1...maximum).contains(list.count) else {
            throw DomainError.invalid("\(name) must list 1 to \(maximum) values")
        }
        for (index, value) in list.enumerated() {
            let path = "\(name)[\(index)]"
            try Fields([path: value], allowed: [path]).check(path, item)
        }
    }

    private func checkEmails(_ name: String, maximum: Int) throws {
        let addresses: [String]
        switch values[name] {
        case .string(let address)?: addresses = [address]
        case .array(let list)?:
            addresses = try list.map { value in
                guard case .string(let address) = value else {
                    throw DomainError.malformed("\(name) must list email addresses")
                }
                return address
            }
        default: throw DomainError.invalid("\(name) is required: an email address or a list of them")
        }
        guard (1...maximum).contains(addresses.count) else {
            throw DomainError.invalid("\(name) must list 1 to \(maximum) recipients")
        }
        for address in addresses { try Validate.email(address, field: name) }
    }

    private func checkNamedValues(_ name: String, maximum: Int, textMaximum: Int) throws {
        guard case .object(let object)? = values[name] else {
            throw DomainError.malformed("\(name) must be an object of named values")
        }
        guard object.count <= maximum else { throw DomainError.invalid("\(name) may hold at most \(maximum) entries") }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard Validate.isValueName(key) else {
                throw DomainError.invalid("value names are letters, digits and _ (got '\(key.prefix(40))')")
            }
            switch value {
            case .string(let text):
                try Validate.text(text, field: "\(name).\(key)", maximum: textMaximum, allowEmpty: true)
            case .number, .bool: continue
            default: throw DomainError.malformed("\(name).\(key.prefix(40)) must be a string, number or boolean")
            }
        }
    }
}

extension Array where Element == FieldRule {
    /// The field names, for functions that check a body's fields themselves.
    public var names: Set<String> { Set(map(\.name)) }
}
