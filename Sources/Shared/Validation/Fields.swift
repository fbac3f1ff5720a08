import Foundation
import WireFormat

/// Typed access to the fields of a JSON request body, with errors that name the field.
/// Unknown fields are refused, so a misspelt field is never silently ignored.
public struct Fields: Sendable {
    public let values: [String: JSONValue]

    public init(_ values: [String: JSONValue], allowed: Set<String>) throws {
        if let unknown = values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw DomainError.malformed(
                "unknown field '\(unknown.prefix(64))'; allowed: \(allowed.sorted().joined(separator: ", "))"
            )
        }
        self.values = values
    }

    public func has(_ name: String) -> Bool { values[name] != nil && values[name] != .null }

    public func string(_ name: String) throws -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw DomainError.malformed("\(name) must be a string")
        }
    }

    public func requiredString(_ name: String) throws -> String {
        guard let value = try string(name) else { throw DomainError.invalid("\(name) is required") }
        return value
    }

    /// A number, also accepted as a numeric string ("1500.50") since clients send money both ways.
    public func decimal(_ name: String) throws -> Decimal? {
        switch values[name] {
        case nil, .null?: return nil
        case .number(let value)?: return value
        case .string(let text)?:
            guard Validate.isDecimalText(text), let value = Decimal(string: text) else {
                throw DomainError.invalid("\(name) must be a decimal number")
            }
            return value
        default: throw DomainError.malformed("\(name) must be a number")
        }
    }

    public func integer(_ name: String) throws -> Int? {
        guard let value = try decimal(name) else { return nil }
        guard value == value.rounded(), let int = Int(exactly: NSDecimalNumber(decimal: value).int64Value),
            Decimal(int) == value
        else {
            throw DomainError.invalid("\(name) must be a whole number")
        }
        return int
    }
}

extension Decimal {
    fileprivate func rounded() -> Decimal {
        var copy = self
        var result = Decimal()
        NSDecimalRound(&result, &copy, 0, .plain)
        return result
    }
}
