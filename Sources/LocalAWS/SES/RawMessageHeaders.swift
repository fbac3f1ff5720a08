import Cryptography
import Foundation
import Shared

/// The header section of a raw MIME message, read just far enough for SendRawEmail: the sender,
/// the recipients and the subject for the outbox record.
struct RawMessageHeaders {
    private var fields: [(name: String, value: String)] = []

    /// Throws `invalidParameterValue` when there is no header section.
    init(_ message: Data) throws {
        let bytes = Array(message)
        guard let end = Self.headerEnd(bytes), end > 0 else {
            throw MailError.invalidParameterValue("the raw message has no header section followed by an empty line")
        }
        let text = String(decoding: bytes[..<end], as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += String(line)
            } else if let colon = line.firstIndex(of: ":") {
                fields.append(
                    (
                        String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                        String(line[line.index(after: colon)...])
                    )
                )
            } else if !line.isEmpty {
                throw MailError.invalidParameterValue(
                    "the raw message has a malformed header line: \(String(line.prefix(80)).debugDescription)"
                )
            }
        }
    }

    /// The unfolded values of every field with this name (case-insensitive), trimmed.
    func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map {
            $0.value.trimmingCharacters(in: .whitespaces)
        }
    }

    /// The mailboxes of address fields, split at commas outside quotes and angle brackets.
    func addresses(_ name: String) -> [String] {
        values(name).flatMap(Self.splitAddressList)
    }

    static func splitAddressList(_ value: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inQuotes = false
        var inAngle = false
        var escaped = false
        for character in value {
            if escaped {
                escaped = false
                current.append(character)
                continue
            }
            switch character {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle()
            case "<" where !inQuotes: inAngle = true
            case ">" where !inQuotes: inAngle = false
            case "," where !inQuotes && !inAngle:
                result.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        result.append(current)
        // `undisclosed-recipients:;` and other empty groups name nobody.
        return result.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasSuffix(":;") }
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                let lineEnd = index > 0 && bytes[index - 1] == 0x0D ? index - 1 : index
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return lineEnd }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { return lineEnd }
            }
            index += 1
        }
        return nil
    }
}

/// Decodes RFC 2047 encoded-words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`) in a header value;
/// whitespace between adjacent encoded-words is dropped, as RFC 2047 says. Unknown charsets and
/// malformed words are left as they are.
enum EncodedWords {
    static func decode(_ value: String) -> String {
        var output = ""
        var pendingSpace = ""
        var previousWasEncoded = false
        for token in value.split(separator: " ", omittingEmptySubsequences: false) {
            if let decoded = decodeWord(String(token)) {
                output += (previousWasEncoded ? "" : pendingSpace) + decoded
                previousWasEncoded = true
            } else {
                output += pendingSpace + token
                previousWasEncoded = false
            }
            pendingSpace = " "
        }
        return output
    }

    private static func decodeWord(_ word: String) -> String? {
        let parts = word.split(separator: "?", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "=", parts[4] == "=",
            ["utf-8", "us-ascii"].contains(parts[1].lowercased())
        else { return nil }
        let bytes: [UInt8]?
        switch parts[2].uppercased() {
        case "B": bytes = Data(base64Encoded: String(parts[3])).map(Array.init)
        case "Q": bytes = decodeQ(parts[3])
        default: bytes = nil
        }
        return bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    private static func decodeQ(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "_"): bytes.append(0x20)
            case UInt8(ascii: "="):
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = Hex.decode(String(decoding: [high, low], as: UTF8.self))?.first
                else { return nil }
                bytes.append(value)
            default: bytes.append(byte)
            }
        }
        return bytes
    }
}
