import Foundation

/// The one JSON configuration of the project: sorted keys everywhere, so output can be compared,
/// hashed and diffed; `/` left unescaped so S3 keys and paths stay readable.
public enum JSON {
    /// Compact encoder: wire payloads between functions and API bodies.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        if let data = JSONValueWriter.data(value, pretty: false) { return data }
        return try makeEncoder(pretty: false).encode(value)
    }

    /// Indented encoder: files in the state directory and CLI output meant for people.
    public static func encodePretty<T: Encodable>(_ value: T) throws -> Data {
        var data = try JSONValueWriter.data(value, pretty: true) ?? makeEncoder(pretty: true).encode(value)
        data.append(0x0A)
        return data
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }

    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) -> String {
        let data = (try? (pretty ? encodePretty(value) : encode(value))) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// What Foundation's encoder, configured as above, writes for `value`: what `JSONValueWriter`
    /// is held to.
    static func encodedByEncoder<T: Encodable>(_ value: T, pretty: Bool) throws -> Data {
        try makeEncoder(pretty: pretty).encode(value)
    }

    private static func makeEncoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
