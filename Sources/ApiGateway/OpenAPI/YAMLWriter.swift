import Foundation
import Shared
import WireFormat

/// Writes a JSON value as block-style YAML: every string double-quoted with escapes (so no
/// value is read as a number, boolean or null), keys plain where YAML reads them as strings,
/// and the keys of an object in `order` first, then alphabetically.
struct YAMLWriter {
    let order: [String]

    func string(_ value: JSONValue) -> String {
        var lines: [String] = []
        write(value, indent: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private func write(_ value: JSONValue, indent: String, into lines: inout [String]) {
        switch value {
        case .object(let object) where !object.isEmpty:
            for key in sortedKeys(object) {
                let child = object[key]!
                if Self.isBlock(child) {
                    lines.append("\(indent)\(Self.key(key)):")
                    write(child, indent: indent + "  ", into: &lines)
                } else {
                    lines.append("\(indent)\(Self.key(key)): \(Self.scalar(child))")
                }
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                guard Self.isBlock(item) else {
                    lines.append("\(indent)- \(Self.scalar(item))")
                    continue
                }
                var nested: [String] = []
                write(item, indent: indent + "  ", into: &nested)
                // The first line of a nested block moves up beside its dash.
                nested[0] = indent + "- " + nested[0].dropFirst(indent.count + 2)
                lines += nested
            }
        default:
            lines.append(indent + Self.scalar(value))
        }
    }

    private func sortedKeys(_ object: [String: JSONValue]) -> [String] {
        object.keys.sorted { left, right in
            let (a, b) = (order.firstIndex(of: left) ?? order.count, order.firstIndex(of: right) ?? order.count)
            return a == b ? left < right : a < b
        }
    }

    private static func isBlock(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object): !object.isEmpty
        case .array(let items): !items.isEmpty
        default: false
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .number(let number): "\(number)"
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .object: "{}"
        case .array: "[]"
        }
    }

    private static let reserved: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]

    private static func key(_ key: String) -> String {
        let plain =
            key.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
            && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.$".contains($0)) }
        return plain && !reserved.contains(key.lowercased()) ? key : quoted(key)
    }

    /// A YAML double-quoted scalar: `\` and `"` escaped, and every character outside printable
    /// ASCII written as an escape, so the file shows what an invisible character is.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                out +=
                    scalar.value <= 0xFFFF
                    ? "\\u" + Digits.hex(scalar.value, 4, uppercase: true)
                    : "\\U" + Digits.hex(scalar.value, 8, uppercase: true)
            }
        }
        return out + "\""
    }
}
