import Foundation
import Testing

@testable import LocalAWS

@Suite("MIME encodings")
struct MIMEEncodingTests {
    @Test(arguments: [
        "", "plain", "a=b", "trailing space ", "trailing tab\t", "ünïcödé €", String(repeating: "x", count: 200),
        String(repeating: "é", count: 80), "line1\nline2\r\nline3\rline4", "=\n=", " ", "end\n", "\u{1}\u{7F}",
    ])
    func quotedPrintableLinesAreShortAndDecodeBack(text: String) throws {
        let encoded = QuotedPrintable.encode(text)
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 })
        let decoded = try ParsedEML.decodeQuotedPrintable(encoded)
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        #expect(decoded == normalized)
    }

    @Test func encodedWordsStayWithinSeventyFiveCharactersAndKeepCharactersWhole() {
        let words = HeaderEncoding.encodedWords(String(repeating: "日本語🧾", count: 30))
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.utf8.count <= 75 })
        let decoded = words.map { ParsedEML.decodeEncodedWords($0) }
        #expect(decoded.allSatisfy { !$0.contains("\u{FFFD}") })
        #expect(decoded.joined() == String(repeating: "日本語🧾", count: 30))
    }

    @Test func rfc5322DatesAreEnglishAndUTC() {
        #expect(MIMEMessage.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MIMEMessage.rfc5322Date(referenceDate) == "Wed, 18 Nov 2026 11:06:40 +0000")
    }
}
