import Foundation
import Shared
import WireFormat

/// Item sizes as DynamoDB counts them against the 400 KB limit, so an item the stand-in accepts
/// is one DynamoDB accepts too.
extension Dictionary where Key == String, Value == JSONValue {
    /// The item's size in bytes: each attribute name's UTF-8 bytes plus its value's size.
    public var dynamoSize: Int {
        reduce(0) { $0 + $1.key.utf8.count + $1.value.dynamoSize }
    }
}

extension JSONValue {
    /// A value's size in bytes: strings their UTF-8 bytes, numbers one byte per two significant
    /// digits plus one, booleans and null one, lists and maps 3 plus one per element plus contents.
    public var dynamoSize: Int {
        switch self {
        case .string(let value): return value.utf8.count
        case .number(let value): return (Self.significantDigits(value) + 1) / 2 + 1
        case .bool, .null: return 1
        case .array(let elements): return 3 + elements.reduce(0) { $0 + 1 + $1.dynamoSize }
        case .object(let members): return 3 + members.reduce(0) { $0 + 1 + $1.key.utf8.count + $1.value.dynamoSize }
        }
    }

    // Leading and trailing zeroes are not stored, as DynamoDB documents.
    private static func significantDigits(_ value: Decimal) -> Int {
        let digits = value.description.utf8.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let zero = UInt8(ascii: "0")
        guard let first = digits.firstIndex(where: { $0 != zero }),
            let last = digits.lastIndex(where: { $0 != zero })
        else { return 0 }
        return last - first + 1
    }
}
