import Foundation

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)`, the same text.
    public func trimmingWhitespace() -> String {
        Trimming.trim(self, newlines: false)
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, the same text.
    public func trimmingWhitespaceAndNewlines() -> String {
        Trimming.trim(self, newlines: true)
    }
}

/// Foundation's trimming builds its character tables the first time a process trims (a fresh
/// process paid for that on every command, opening the mail outbox and reading a bearer token).
/// Text whose ends, once the ASCII members of the set are dropped, are ASCII needs no table: no
/// other ASCII character is whitespace or a newline to Foundation. Only text that ends in a
/// non-ASCII character is left to Foundation.
enum Trimming {
    static func trim<Text: StringProtocol>(_ original: Text, newlines: Bool) -> String {
        let text = String(original)
        let utf8 = text.utf8
        let isMember: (UInt8) -> Bool = { byte in
            byte == 0x20 || byte == 0x09 || (newlines && (0x0A...0x0D).contains(byte))
        }
        guard let first = utf8.firstIndex(where: { !isMember($0) }) else { return "" }
        guard let last = utf8.lastIndex(where: { !isMember($0) }), utf8[first] < 0x80, utf8[last] < 0x80 else {
            return text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
        }
        return String(text[first..<utf8.index(after: last)])
    }
}
