import Foundation

/// The request line and header fields of a request (RFC 9112), checked strictly: CRLF line
/// ends, a token method, an origin-form (or absolute-form) target, HTTP/1.0 or 1.1, header
/// names that are tokens, no obsolete line folding, no control characters in values, one Host
/// for HTTP/1.1, and one unambiguous framing of the body.
struct HTTPRequestHead {
    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
    }

    let method: String
    let target: String
    let version: String
    let headers: [(name: String, value: String)]
    let framing: Framing
    let keepAlive: Bool
    let expectsContinue: Bool

    static let tokenBytes = Set(
        Array("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    )

    init(_ bytes: [UInt8], limits: HTTPLimits) throws {
        let lines = try Self.lines(bytes)
        guard let requestLine = lines.first, !requestLine.isEmpty else {
            throw HTTPRefusal.malformed("the request line is empty")
        }
        guard requestLine.count <= limits.requestLineBytes else {
            throw HTTPRefusal(
                status: 414,
                code: "URI_TOO_LONG",
                message: "the request line is longer than \(limits.requestLineBytes) bytes"
            )
        }
        (method, target, version) = try Self.requestLine(requestLine)
        guard lines.count - 1 <= limits.headerCount else {
            throw HTTPRefusal(
                status: 431,
                code: "HEADERS_TOO_LARGE",
                message: "more than \(limits.headerCount) header fields"
            )
        }
        headers = try lines.dropFirst().map(Self.field)
        framing = try Self.framing(headers, version: version, limits: limits)
        let connection = Self.values(headers, "Connection").map { $0.lowercased() }
        keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        let expect = Self.values(headers, "Expect").map { $0.lowercased() }
        guard expect.allSatisfy({ $0 == "100-continue" }) else {
            throw HTTPRefusal(
                status: 417,
                code: "EXPECTATION_FAILED",
                message: "the only expectation understood is 100-continue"
            )
        }
        expectsContinue = !expect.isEmpty && framing != .none
        let hosts = headers.filter { $0.name.caseInsensitiveCompare("Host") == .orderedSame }
        if version == "HTTP/1.1", hosts.count != 1 {
            throw HTTPRefusal.malformed("an HTTP/1.1 request needs exactly one Host header")
        }
    }

    /// The lines of the head; a CR or LF that is not part of a CRLF is refused.
    static func lines(_ bytes: [UInt8]) throws -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x0D:
                guard index + 1 < bytes.count, bytes[index + 1] == 0x0A else {
                    throw HTTPRefusal.malformed("a line ends in CR without LF")
                }
                lines.append(bytes[start..<index])
                index += 2
                start = index
            case 0x0A:
                throw HTTPRefusal.malformed("a line ends in LF without CR")
            default:
                index += 1
            }
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    static func requestLine(_ line: ArraySlice<UInt8>) throws -> (String, String, String) {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(tokenBytes.contains) else {
            throw HTTPRefusal.malformed("the request line must be METHOD TARGET HTTP/1.1")
        }
        guard !parts[1].isEmpty, parts[1].allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw HTTPRefusal.malformed("the request target must be visible ASCII characters")
        }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            if version.hasPrefix("HTTP/") {
                throw HTTPRefusal(
                    status: 505,
                    code: "HTTP_VERSION_NOT_SUPPORTED",
                    message: "\(version.prefix(16)) is not served; use HTTP/1.1"
                )
            }
            throw HTTPRefusal.malformed("the request line must end in HTTP/1.1")
        }
        return (
            String(decoding: parts[0], as: UTF8.self), try originForm(String(decoding: parts[1], as: UTF8.self)),
            version
        )
    }

    /// `/path?query`, from itself or from the absolute form `http://host/path?query`.
    static func originForm(_ target: String) throws -> String {
        if target.hasPrefix("/") { return target }
        for scheme in ["http://", "https://"] where target.lowercased().hasPrefix(scheme) {
            let rest = target.dropFirst(scheme.count)
            guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
            return rest[slash] == "/" ? String(rest[slash...]) : "/" + rest[slash...]
        }
        throw HTTPRefusal.malformed("the request target must be a path such as /api/contracts")
    }

    static func field(_ line: ArraySlice<UInt8>) throws -> (name: String, value: String) {
        guard let first = line.first, first != 0x20, first != 0x09 else {
            throw HTTPRefusal.malformed("a header line starts with a space (obsolete line folding is not accepted)")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
            line[line.startIndex..<colon].allSatisfy(tokenBytes.contains)
        else {
            throw HTTPRefusal.malformed("a header line must be Name: value, the name without spaces")
        }
        let value = line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
        let trimmed = value.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        guard trimmed.allSatisfy({ $0 == 0x09 || $0 >= 0x20 && $0 != 0x7F }) else {
            throw HTTPRefusal.malformed("a header value holds a control character")
        }
        let bytes = Array(trimmed)
        // Field values are ASCII in practice; other bytes are read as UTF-8, else as Latin-1.
        let text =
            String(validating: bytes, as: UTF8.self)
            ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        return (String(decoding: line[line.startIndex..<colon], as: UTF8.self), text)
    }

    /// The comma-separated values of every field called `name`.
    static func values(_ headers: [(name: String, value: String)], _ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            .flatMap { $0.value.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
    }

    static func framing(
        _ headers: [(name: String, value: String)],
        version: String,
        limits: HTTPLimits
    ) throws -> Framing {
        let encodings = values(headers, "Transfer-Encoding").map { $0.lowercased() }
        let lengths = values(headers, "Content-Length")
        if !encodings.isEmpty {
            guard lengths.isEmpty else {
                throw HTTPRefusal.malformed("a request must not have both Transfer-Encoding and Content-Length")
            }
            guard version == "HTTP/1.1" else { throw HTTPRefusal.malformed("Transfer-Encoding needs HTTP/1.1") }
            guard encodings.last == "chunked" else {
                throw HTTPRefusal.malformed("a Transfer-Encoding must end in chunked")
            }
            guard encodings == ["chunked"] else {
                throw HTTPRefusal(
                    status: 501,
                    code: "NOT_IMPLEMENTED",
                    message: "only the chunked transfer coding is understood"
                )
            }
            return .chunked
        }
        guard let first = lengths.first else { return .none }
        guard lengths.allSatisfy({ $0 == first }), (1...19).contains(first.utf8.count),
            first.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let length = Int(first)
        else {
            throw HTTPRefusal.malformed("Content-Length must be one whole number")
        }
        guard length <= limits.bodyBytes else { throw bodyTooLarge(limits) }
        return length == 0 ? .none : .length(length)
    }

    static func bodyTooLarge(_ limits: HTTPLimits) -> HTTPRefusal {
        HTTPRefusal(
            status: 413,
            code: "PAYLOAD_TOO_LARGE",
            message: "the body is larger than \(limits.bodyBytes) bytes"
        )
    }
}
