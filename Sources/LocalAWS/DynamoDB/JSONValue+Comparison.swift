import Foundation
import Shared
import WireFormat

/// Equality and ordering of attribute values as DynamoDB defines them. Swift's `==` on `String`
/// uses Unicode canonical equivalence; DynamoDB compares UTF-8 bytes, so these never use it.
extension JSONValue {
    /// Whether two values are equal for DynamoDB: strings byte for byte, numbers numerically,
    /// lists element by element, maps key by key; values of different types are never equal.
    public func isDynamoEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isDynamoEqual(to: $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map(value.isDynamoEqual) ?? false }
        default: return false
        }
    }

    /// The order of two strings or two numbers (strings by UTF-8 bytes, numbers numerically);
    /// nil for any other pair, which DynamoDB's `<`, `>`, `BETWEEN` treat as false.
    public func dynamoCompare(_ other: JSONValue) -> ComparisonResult? {
        switch (self, other) {
        case (.string(let a), .string(let b)): return Self.compareBytes(a, b)
        case (.number(let a), .number(let b)):
            return a < b ? .orderedAscending : (a == b ? .orderedSame : .orderedDescending)
        default: return nil
        }
    }

    /// Whether this value can be ordered at all (DynamoDB orders S, N and B; we have no B).
    var isOrderable: Bool {
        switch self {
        case .string, .number: true
        default: false
        }
    }

    static func compareBytes(_ a: String, _ b: String) -> ComparisonResult {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return .orderedSame
            case (nil, _): return .orderedAscending
            case (_, nil): return .orderedDescending
            case (let x?, let y?) where x != y: return x < y ? .orderedAscending : .orderedDescending
            default: continue
            }
        }
    }
}

extension String {
    /// Whether `needle`'s UTF-8 bytes occur in this string's bytes (DynamoDB's contains on S).
    func containsBytes(_ needle: String) -> Bool {
        let haystack = Array(utf8)
        let pattern = Array(needle.utf8)
        if pattern.isEmpty { return true }
        guard pattern.count <= haystack.count else { return false }
        for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
            if haystack[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }
}
