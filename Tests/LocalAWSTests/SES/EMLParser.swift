import Foundation

/// A deliberately small RFC 5322 / MIME reader, independent of the code under test: enough to
/// prove an outbox `.eml` is a well-formed message whose headers and parts decode back.
struct ParsedEML {
    struct Part {
        var headers: [String: String]
        var body: String
    }

    /// Unfolded header values by lower-cased name (last one wins; tests check there are no repeats).
    var headers: [String: String] = [:]
    var headerNames: [String] = []
    var rawHeaderLines: [String] = []
    var parts: [Part] = []

    enum Failure: Error { case malformed(String) }

    init(_ data: Data) throws {
        let text = String(decoding: data, as: UTF8.self)
        guard data.allSatisfy({ $0 < 0x80 }) else { throw Failure.malformed("non-ASCII byte in message") }
        let lines = text.components(separatedBy: "\r\n")
        guard !lines.contains(where: { $0.contains("\n") || $0.contains("\r") }) else {
            throw Failure.malformed("bare CR or LF")
        }
        guard lines.allSatisfy({ $0.utf8.count <= 998 }) else { throw Failure.malformed("line longer than 998") }
        guard let blank = lines.firstIndex(of: "") else { throw Failure.malformed("no header/body separator") }
        rawHeaderLines = Array(lines[..<blank])
        (headers, headerNames) = try Self.parseHeaders(rawHeaderLines)
        let body = lines[(blank + 1)...].joined(separator: "\r\n")
        let contentType = headers["content-type"] ?? "text/plain"
        if contentType.hasPrefix("multipart/") {
            guard let boundary = Self.parameter("boundary", in: contentType) else {
                throw Failure.malformed("no boundary")
            }
            let pieces = body.components(separatedBy: "--" + boundary)
            guard pieces.count >= 3, pieces.last?.hasPrefix("--") == true else {
                throw Failure.malformed("unterminated multipart")
            }
            for piece in pieces.dropFirst().dropLast() {
                let partLines = piece.components(separatedBy: "\r\n").dropFirst()
                guard let separator = partLines.firstIndex(of: "") else {
                    throw Failure.malformed("part without headers")
                }
                let (partHeaders, _) = try Self.parseHeaders(Array(partLines[..<separator]))
                var content = partLines[(separator + 1)...].joined(separator: "\r\n")
                if content.hasSuffix("\r\n") { content.removeLast() }
                parts.append(Part(headers: partHeaders, body: try Self.decodeBody(content, partHeaders)))
            }
        } else {
            var content = body
            if content.hasSuffix("\r\n") { content.removeLast() }
            parts.append(Part(headers: headers, body: try Self.decodeBody(content, headers)))
        }
    }

    /// The raw lines of the Subject field: its first line and its continuations.
    var subjectLines: [String] {
        guard let start = rawHeaderLines.firstIndex(where: { $0.hasPrefix("Subject:") }) else { return [] }
        let continuation = rawHeaderLines[(start + 1)...].prefix { $0.hasPrefix(" ") || $0.hasPrefix("\t") }
        return [rawHeaderLines[start]] + continuation
    }

    /// A header value with its encoded-words decoded.
    func decoded(_ name: String) -> String? {
        headers[name.lowercased()].map(Self.decodeEncodedWords)
    }

    private static func parseHeaders(_ lines: [String]) throws -> ([String: String], [String]) {
        var fields: [(String, String)] = []
        for line in lines {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard !fields.isEmpty else { throw Failure.malformed("continuation first") }
                fields[fields.count - 1].1 += line
            } else {
                guard let colon = line.firstIndex(of: ":") else {
                    throw Failure.malformed("header without colon: \(line)")
                }
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        var values: [String: String] = [:]
        for (name, value) in fields { values[name.lowercased()] = value.trimmingCharacters(in: .whitespaces) }
        return (values, fields.map(\.0))
    }

    private static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix(name + "=") {
                return String(trimmed.dropFirst(name.count + 1)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\"")
                )
            }
        }
        return nil
    }

    private static func decodeBody(_ content: String, _ headers: [String: String]) throws -> String {
        switch headers["content-transfer-encoding"]?.lowercased() {
        case "quoted-printable": return try decodeQuotedPrintable(content)
        case "base64":
            guard let data = Data(base64Encoded: content.replacingOccurrences(of: "\r\n", with: "")) else {
                throw Failure.malformed("base64")
            }
            return String(decoding: data, as: UTF8.self)
        default: return content
        }
    }

    static func decodeQuotedPrintable(_ content: String) throws -> String {
        var bytes: [UInt8] = []
        let lines = content.components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            guard line.utf8.count <= 76 else { throw Failure.malformed("quoted-printable line over 76") }
            guard line.last != " " && line.last != "\t" else { throw Failure.malformed("trailing whitespace") }
            var characters = Array(line.utf8)[...]
            var softBreak = false
            while let byte = characters.popFirst() {
                guard byte == UInt8(ascii: "=") else {
                    bytes.append(byte)
                    continue
                }
                if characters.isEmpty {
                    softBreak = true
                } else {
                    guard let value = UInt8(String(decoding: characters.prefix(2), as: UTF8.self), radix: 16),
                        characters.count >= 2
                    else {
                        throw Failure.malformed("bad escape")
                    }
                    bytes.append(value)
                    characters = characters.dropFirst(2)
                }
            }
            if !softBreak && index < lines.count - 1 { bytes += Array("\r\n".utf8) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func decodeEncodedWords(_ value: String) -> String {
        var output = ""
        var previousEncoded = false
        for (index, token) in value.components(separatedBy: " ").enumerated() {
            if token.hasPrefix("=?UTF-8?B?"), token.hasSuffix("?="),
                let data = Data(base64Encoded: String(token.dropFirst(10).dropLast(2)))
            {
                output += (index == 0 || previousEncoded ? "" : " ") + String(decoding: data, as: UTF8.self)
                previousEncoded = true
            } else {
                output += (index > 0 ? " " : "") + token
                previousEncoded = false
            }
        }
        return output
    }
}
