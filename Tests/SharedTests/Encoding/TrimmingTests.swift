import Foundation
import Shared
import Testing

/// Trimming without Foundation's tables gives Foundation's text, whatever the ends hold.
@Suite struct TrimmingTests {
    /// ASCII controls and spaces, newlines of both sets, and non-ASCII whitespace, letters and marks.
    static let pieces = [
        "", " ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{00}", "\u{1F}", "\u{7F}", "a", "Z~", "é", "\u{301}",
        "\u{A0}", "\u{2003}", "\u{200B}", "\u{85}", "\u{2028}", "\u{3000}", "日本", "a b", "👍🏽",
    ]

    @Test func trimmingGivesFoundationsTextForEveryEnd() {
        for head in Self.pieces {
            for middle in ["", "x", "a b", "é"] {
                for tail in Self.pieces {
                    let text = head + middle + tail
                    #expect(
                        text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces),
                        "\(Array(text.unicodeScalars))"
                    )
                    #expect(
                        text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                        "\(Array(text.unicodeScalars))"
                    )
                    #expect(text[...].trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
                }
            }
        }
    }
}
