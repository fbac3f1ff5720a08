import Foundation

/// Regular expressions compiled once per process: `String.range(of:options:.regularExpression)`
/// compiles its pattern on every call, which dominated request validation.
public enum Pattern {
    private static let cache = Cache()

    /// Whether the whole of `text` matches `pattern`. The match must cover every character:
    /// ICU's `$` also matches before a final line break, which must not slip through.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let whole = NSRange(text.startIndex..., in: text)
        return cache.expression(pattern).firstMatch(in: text, range: whole)?.range == whole
    }

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var expressions: [String: NSRegularExpression] = [:]

        func expression(_ pattern: String) -> NSRegularExpression {
            lock.withLock {
                if let expression = expressions[pattern] { return expression }
                // The patterns are literals of this package; one that does not compile is a programming error.
                let expression = try! NSRegularExpression(pattern: pattern)
                expressions[pattern] = expression
                return expression
            }
        }
    }
}
