import Foundation
import LocalAWS
import Shared
import Testing
import WireFormat

/// The fast item parser must read exactly what `JSON.decode` reads.
@Suite("JSONValueParser")
struct JSONValueParserTests {
    static let texts = [
        #"{"contract_id": "CT001ABC", "value": 50000.50, "tags": ["a", "b"], "ok": true, "no": false, "none": null}"#,
        #"{"nested": {"deeper": [[], {}, [1, -2.5, 3e2, 1E-3, 0, -0]]}}"#,
        #"{"escapes": "quote \" backslash \\ slash \/ \b\f\n\r\t", "unicode": "\u00e9\u65e5\ud83d\ude42", "raw": "日本語 🙂"}"#,
        #"{"big": 123456789012345678901234567890, "small": 0.000000000000000000000000000001, "long": 12345678901234567890}"#,
        "  [ 1 , \"x\" , null ]  \n",
        #""just a string""#,
        "42",
        // Plain numbers up to 19 digits are built from their digits, longer ones by Decimal(string:).
        "[0, -0, 1.50, -12.345, 9999999999999999999, 99999999999999999999, 1e3, 0.001, 123.4567890123456789, -0.0]",
    ]

    @Test(arguments: texts)
    func parsesWhatJSONDecodeParses(text: String) throws {
        let data = Data(text.utf8)
        let fast = try JSONValueParser.parse(data)
        let reference = try JSON.decode(JSONValue.self, from: data)
        #expect(fast == reference)
        #expect(JSON.string(fast) == JSON.string(reference))
    }

    static let invalid = [
        "", "{", "[,]", "{,}", "{\"a\" 1}", "01", "1.", ".5", "-", "tru", "nul", "\"unterminated",
        "\"bad \\x escape\"", "\"\\ud83d alone\"", "[1] 2", "\"tab\tinside\"", "{1: 2}",
    ]

    @Test(arguments: invalid)
    func rejectsWhatJSONDecodeRejects(text: String) {
        let data = Data(text.utf8)
        #expect(throws: (any Error).self) { try JSONValueParser.parse(data) }
        #expect(throws: (any Error).self) { try JSON.decode(JSONValue.self, from: data) }
    }

    @Test
    func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: (any Error).self) { try JSONValueParser.parse(Data([0x22, 0xFF, 0x22])) }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: (any Error).self) { try JSONValueParser.parse(Data(deep.utf8)) }
    }
}
