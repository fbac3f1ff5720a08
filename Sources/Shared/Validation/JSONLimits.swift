import Foundation

/// Structural limits checked on a JSON document's bytes before it is parsed, so a hostile
/// document is refused in one linear pass instead of driving a recursive parser deep.
public enum JSONLimits {
    /// The nesting a request body may have: objects and arrays inside each other.
    public static let maximumBodyDepth = 32
    /// The nesting an event may have (API Gateway events nest a few levels more than bodies).
    public static let maximumEventDepth = 64

    /// The deepest nesting of objects and arrays in `data`, or nil as soon as it passes `limit`.
    /// Brackets inside strings do not count; the bytes need not be valid JSON.
    public static func depth(of data: Data, limit: Int) -> Int? {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > limit { return nil }
                deepest = max(deepest, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth = max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }
}
