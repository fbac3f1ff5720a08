import Foundation
import WireFormat

/// DynamoDB's request rules that every `TableStore` applies alike, with DynamoDB's messages:
/// the range and precision of numbers, and what an `ExclusiveStartKey` must be. The stand-ins
/// apply them to what they store and read; the AWS client checks them before anything is sent,
/// so the same requests are refused on an emulator that does not check them (moto).
public enum TableRules {
    /// DynamoDB's `N`: at most 38 significant digits, magnitudes 1E-130 to 9.99...E+125 (or 0).
    public static let maximumSignificantDigits = 38
    public static let maximumExponent = 125
    public static let minimumExponent = -130

    static let tooPrecise = "Attempting to store more than 38 significant digits in a Number"
    static let overflow = "Number overflow. Attempting to store a number with magnitude larger than supported range"
    static let underflow = "Number underflow. Attempting to store a number with magnitude smaller than supported range"

    /// Throws `TableError.validation` with DynamoDB's message unless the number text (`12.50`,
    /// `-1e-3`) is one DynamoDB stores. Leading and trailing zeros do not count as digits.
    public static func validateNumber(text: String) throws {
        var mantissa = Substring(text)
        var exponent = 0
        if let marker = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(mantissa[mantissa.index(after: marker)...]) ?? 0
            mantissa = mantissa[..<marker]
        }
        if mantissa.first == "-" || mantissa.first == "+" { mantissa = mantissa.dropFirst() }
        let integerDigits = mantissa.prefix { $0 != "." }
        let digits = Array((integerDigits + mantissa.dropFirst(integerDigits.count + 1)).utf8)
        guard let first = digits.firstIndex(where: { $0 != UInt8(ascii: "0") }),
            let last = digits.lastIndex(where: { $0 != UInt8(ascii: "0") })
        else { return }  // zero
        guard last - first + 1 <= maximumSignificantDigits else { throw TableError.validation(tooPrecise) }
        // The power of ten of the first significant digit: 1234.5 -> 3, 0.012 -> -2.
        let magnitude = exponent + integerDigits.count - 1 - first
        if magnitude > maximumExponent { throw TableError.validation(overflow) }
        if magnitude < minimumExponent { throw TableError.validation(underflow) }
    }

    /// Every number in the value (inside lists and maps too), as `validateNumber(text:)`.
    public static func validateNumbers(in value: JSONValue) throws {
        switch value {
        case .number(let number): try validateNumber(text: number.description)
        case .array(let values): try values.forEach(validateNumbers)
        case .object(let members): try members.values.forEach(validateNumbers)
        case .string, .bool, .null: break
        }
    }

    /// Every number of an item or key.
    public static func validateNumbers(in item: Item) throws {
        try item.values.forEach(validateNumbers)
    }

    /// A scan's start key holds exactly the table's key attributes, each of its type.
    public static func validateScanStart(_ key: Item, definition: TableDefinition) throws {
        guard holdsExactly(definition.keyAttributes, key) else {
            throw TableError.validation(
                "The provided starting key is invalid: The provided key element does not match the schema"
            )
        }
        try validateNumbers(in: key)
    }

    /// A query's start key holds exactly the table's key attributes and the queried index's,
    /// each of its type, and lies in the queried partition: a `LastEvaluatedKey` of this query.
    public static func validateQueryStart(
        _ key: Item,
        definition: TableDefinition,
        index: IndexDefinition?,
        partitionKey: JSONValue
    ) throws {
        let indexAttributes = index.map { [$0.partitionKey] + ($0.sortKey.map { [$0] } ?? []) } ?? []
        let attributes = definition.keyAttributes + indexAttributes.filter { !definition.keyAttributes.contains($0) }
        guard holdsExactly(attributes, key) else { throw TableError.validation("The provided starting key is invalid") }
        try validateNumbers(in: key)
        let partition = index?.partitionKey.name ?? definition.partitionKey.name
        guard key[partition] == partitionKey else {
            throw TableError.validation(
                "The provided starting key is outside query boundaries based on provided conditions"
            )
        }
    }

    private static func holdsExactly(_ attributes: [KeyAttribute], _ key: Item) -> Bool {
        key.count == Set(attributes.map(\.name)).count
            && attributes.allSatisfy { key[$0.name]?.matches($0.type) ?? false }
    }
}
