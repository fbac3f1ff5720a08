import Foundation
import TestSupport
import Testing

@testable import WireFormat

/// JSON values written without `Encodable` come out exactly as Foundation's encoder, configured
/// as `JSON` configures it, writes them: the state's files and the wire do not change.
@Suite struct JSONValueWriterTests {
    /// Text that exercises escaping and key order: controls, quotes, slashes, non-ASCII, emoji.
    static let pieces = [
        "a", "B", "a1", "a10", "a2", "é", "e\u{301}", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{a}", "\u{b}", "\u{c}",
        "\u{d}", "\u{1b}", "\u{1f}", " ", "\"", "\\", "/", "\u{7f}", "\u{85}", "\u{2028}", "😀", "日本", "Z", "_",
    ]

    static func text(_ random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func number(_ random: inout SeededGenerator) -> Decimal {
        let texts = [
            "0", "-0", "1", "-5", "1.50", "0.000001", "-12.125", "1e30", "123456789012345678901234.5", "7e-20",
        ]
        if Bool.random(using: &random) { return Decimal(string: texts.randomElement(using: &random)!)! }
        return Decimal(Int.random(in: -1_000_000...1_000_000, using: &random))
            / Decimal(Int.random(in: 1...1000, using: &random))
    }

    static func value(_ random: inout SeededGenerator, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &random) {
        case 0: return .string(text(&random))
        case 1: return .number(number(&random))
        case 2: return .bool(Bool.random(using: &random))
        case 3: return .null
        case 4: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default: return .object(object(&random, depth: depth + 1))
        }
    }

    static func object(_ random: inout SeededGenerator, depth: Int) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &random) { fields[text(&random)] = value(&random, depth: depth) }
        return fields
    }

    @Test(arguments: [false, true])
    func valuesItemsAndArraysAreWrittenAsTheEncoderWritesThem(pretty: Bool) throws {
        var random = SeededGenerator(seed: 20_261_201)
        for _ in 0..<400 {
            let value = Self.value(&random, depth: 0)
            let item = Self.object(&random, depth: 0)
            let array = (0..<Int.random(in: 0...3, using: &random)).map { _ in Self.value(&random, depth: 1) }
            #expect(JSONValueWriter.data(value, pretty: pretty) == (try JSON.encodedByEncoder(value, pretty: pretty)))
            #expect(JSONValueWriter.data(item, pretty: pretty) == (try JSON.encodedByEncoder(item, pretty: pretty)))
            #expect(JSONValueWriter.data(array, pretty: pretty) == (try JSON.encodedByEncoder(array, pretty: pretty)))
        }
    }

    @Test func otherTypesAreLeftToTheEncoder() throws {
        #expect(JSONValueWriter.data(["a": 1], pretty: false) == nil)
        #expect(JSONValueWriter.data("text", pretty: false) == nil)
        #expect(try JSON.encode(["b": 1, "a": 2]) == Data(#"{"a":2,"b":1}"#.utf8))
    }
}
