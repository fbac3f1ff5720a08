import Foundation

/// Header field text as RFC 5322 and RFC 2047 want it on the wire: ASCII only, non-ASCII as
/// `=?UTF-8?B?...?=` encoded-words, folded with CRLF + space so lines stay short (at most 78
/// characters where a word allows, never more than 998).
enum HeaderEncoding {
    static let preferredLineLength = 78
    /// Base64 of at most 42 bytes is 56 characters: a 68-character encoded-word, within RFC 2047's
    /// 75 and short enough to follow `Reply-To: ` on a 78-character line.
    private static let bytesPerEncodedWord = 42

    /// `Name: value` for unstructured text such as Subject.
    static func unstructured(_ name: String, _ value: String) -> String {
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        let plain =
            value.unicodeScalars.allSatisfy { $0.isASCII && ($0.value >= 0x20 && $0.value < 0x7F || $0 == "\t") }
            && !value.contains("=?") && words.allSatisfy { $0.utf8.count < 900 }
        guard plain else { return fold(name + ":", encodedWords(value)) }
        // Fold only at existing spaces: unfolding (deleting each CRLF) restores the exact value.
        var output = name + ":"
        var lineLength = output.utf8.count
        for word in words {
            if lineLength + 1 + word.utf8.count > preferredLineLength, lineLength > name.utf8.count + 1 {
                output += "\r\n"
                lineLength = 0
            }
            output += " " + word
            lineLength += 1 + word.utf8.count
        }
        return output
    }

    /// `Name: mailbox, mailbox, ...` with display names quoted or encoded as needed.
    static func addressList(_ name: String, _ addresses: [MailAddress]) -> String {
        fold(
            name + ":",
            addresses.enumerated().flatMap { index, address in
                let last = index == addresses.count - 1
                var tokens = address.displayName.map(phrase) ?? []
                tokens.append(
                    (address.displayName == nil ? "" : "<") + address.address + (address.displayName == nil ? "" : ">")
                        + (last ? "" : ",")
                )
                return tokens
            }
        )
    }

    /// The tokens of a display name: bare when it is all atoms, quoted when it is other
    /// printable ASCII, encoded-words otherwise.
    static func phrase(_ name: String) -> [String] {
        let specials = Set("()<>[]:;@\\,.\"".unicodeScalars)
        let scalars = name.unicodeScalars
        if scalars.allSatisfy({
            $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && !specials.contains($0) || $0 == " "
        }),
            !name.hasPrefix(" "), !name.hasSuffix(" "), !name.contains("  "), !name.contains("=?")
        {
            return name.split(separator: " ").map(String.init)
        }
        if scalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }), name.utf8.count < 900 {
            return [
                "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            ]
        }
        return encodedWords(name)
    }

    /// The text as encoded-words, each holding whole UTF-8 sequences (RFC 2047 forbids
    /// splitting one across words).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > bytesPerEncodedWord {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// Joins tokens with spaces, breaking the line before a token that would pass 78 characters.
    static func fold(_ start: String, _ tokens: [String]) -> String {
        var output = start
        var lineLength = start.utf8.count
        for token in tokens {
            if lineLength + 1 + token.utf8.count > preferredLineLength, lineLength > start.utf8.count {
                output += "\r\n"
                lineLength = 0
            }
            output += " " + token
            lineLength += 1 + token.utf8.count
        }
        return output
    }
}
