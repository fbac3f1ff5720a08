/// Quoted-printable body encoding (RFC 2045 6.7): readable in a text editor, 7-bit safe, with
/// every encoded line at most 76 characters. Line breaks of the text become CRLF.
enum QuotedPrintable {
    static let maximumLineLength = 76

    static func encode(_ text: String) -> String {
        var output = ""
        for (index, line) in lines(of: text).enumerated() {
            if index > 0 { output += "\r\n" }
            var lineLength = 0
            for (position, byte) in line.enumerated() {
                let isLast = position == line.count - 1
                let token = self.token(for: byte, atEndOfLine: isLast)
                // A soft break "=" must fit after a token unless the token ends the line.
                if lineLength + token.utf8.count > maximumLineLength - (isLast ? 0 : 1) {
                    output += "=\r\n"
                    lineLength = 0
                }
                output += token
                lineLength += token.utf8.count
            }
        }
        return output
    }

    /// The text's lines as UTF-8, split at CRLF, LF or CR.
    private static func lines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 0x0A && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                lines.append([])
            } else {
                lines[lines.count - 1].append(byte)
            }
        }
        return lines
    }

    private static func token(for byte: UInt8, atEndOfLine: Bool) -> String {
        let literal =
            (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !atEndOfLine)
        return literal ? String(UnicodeScalar(byte)) : "=" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
    }
}

extension String {
    func leftPadded(to length: Int, with pad: Character = "0") -> String {
        count >= length ? self : String(repeating: pad, count: length - count) + self
    }
}
