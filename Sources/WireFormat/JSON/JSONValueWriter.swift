import Foundation

/// Writes JSON values as `JSON`'s encoder writes them (keys sorted by their UTF-8 bytes, `/`
/// unescaped, numbers as their decimal text, the encoder's pretty layout), without going through
/// `Encodable`: table items, journal lines and log lines are most of what the stand-ins write.
/// A test holds it to the encoder's output byte for byte.
enum JSONValueWriter {
    /// The bytes of `value` when it is a JSON value, an item or an array of values; nil otherwise.
    static func data(_ value: some Encodable, pretty: Bool) -> Data? {
        var writer = Writer(pretty: pretty)
        switch value {
        case let value as JSONValue: writer.write(value, depth: 0)
        case let item as [String: JSONValue]: writer.writeObject(item, depth: 0)
        case let values as [JSONValue]: writer.writeArray(values, depth: 0)
        default: return nil
        }
        return Data(writer.bytes)
    }

    private struct Writer {
        let pretty: Bool
        var bytes: [UInt8] = []

        init(pretty: Bool) {
            self.pretty = pretty
            bytes.reserveCapacity(256)
        }

        mutating func write(_ value: JSONValue, depth: Int) {
            switch value {
            case .string(let text): writeString(text)
            case .number(let number): bytes.append(contentsOf: number.description.utf8)
            case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            case .null: bytes.append(contentsOf: "null".utf8)
            case .array(let values): writeArray(values, depth: depth)
            case .object(let fields): writeObject(fields, depth: depth)
            }
        }

        mutating func writeArray(_ values: [JSONValue], depth: Int) {
            bytes.append(UInt8(ascii: "["))
            if values.isEmpty, !pretty { return bytes.append(UInt8(ascii: "]")) }
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                write(value, depth: depth + 1)
            }
            if values.isEmpty { bytes.append(0x0A) }
            newline(depth)
            bytes.append(UInt8(ascii: "]"))
        }

        mutating func writeObject(_ fields: [String: JSONValue], depth: Int) {
            bytes.append(UInt8(ascii: "{"))
            if fields.isEmpty, !pretty { return bytes.append(UInt8(ascii: "}")) }
            let sorted = fields.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, field) in sorted.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                writeString(field.key)
                bytes.append(contentsOf: pretty ? " : ".utf8 : ":".utf8)
                write(field.value, depth: depth + 1)
            }
            if fields.isEmpty { bytes.append(0x0A) }
            newline(depth)
            bytes.append(UInt8(ascii: "}"))
        }

        /// A line break and the indentation of `depth`, when pretty.
        mutating func newline(_ depth: Int) {
            guard pretty else { return }
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }

        mutating func writeString(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
                case 0x08: bytes.append(contentsOf: "\\b".utf8)
                case 0x0C: bytes.append(contentsOf: "\\f".utf8)
                case 0x0A: bytes.append(contentsOf: "\\n".utf8)
                case 0x0D: bytes.append(contentsOf: "\\r".utf8)
                case 0x09: bytes.append(contentsOf: "\\t".utf8)
                case 0..<0x20:
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }

        static let hex = Array("0123456789abcdef".utf8)
    }
}
