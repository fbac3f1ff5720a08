import Foundation

/// Bytes received on a connection and not yet consumed by a request.
struct InputBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var start = 0

    var count: Int { bytes.count - start }
    var isEmpty: Bool { count == 0 }

    subscript(offset: Int) -> UInt8 { bytes[start + offset] }

    func slice(_ range: Range<Int>) -> ArraySlice<UInt8> {
        bytes[(start + range.lowerBound)..<(start + range.upperBound)]
    }

    mutating func append(_ data: ArraySlice<UInt8>) { bytes += data }

    mutating func consume(_ count: Int) {
        start += count
        if start == bytes.count {
            bytes.removeAll(keepingCapacity: bytes.count <= 64 * 1024)
            start = 0
        } else if start > 64 * 1024, start > bytes.count / 2 {
            bytes.removeFirst(start)
            start = 0
        }
    }

    /// The offset of the first `pattern` at or after `from`, if any.
    func find(_ pattern: [UInt8], from: Int) -> Int? {
        guard count >= pattern.count else { return nil }
        var offset = max(0, from)
        while offset + pattern.count <= count {
            if self[offset] == pattern[0], (1..<pattern.count).allSatisfy({ self[offset + $0] == pattern[$0] }) {
                return offset
            }
            offset += 1
        }
        return nil
    }
}

/// A strict HTTP/1.1 request parser, fed as bytes arrive: request line, header fields,
/// `Content-Length` or chunked bodies, within `HTTPLimits`. Anything it cannot read with
/// certainty is refused (400, 413, 414, 417, 431, 501, 505), never guessed at.
struct HTTPRequestParser {
    let limits: HTTPLimits
    private var head: HTTPRequestHead?
    private var scannedHead = 0
    private var chunks: ChunkedBody?
    private var continueSent = false

    init(limits: HTTPLimits) {
        self.limits = limits
    }

    enum Outcome {
        case needMore
        /// The client waits for `100 Continue` before sending the body.
        case sendContinue
        case request(HTTPServerRequest)
        case refused(HTTPRefusal)
    }

    /// Whether a request has begun (its head is read, or some of it).
    var hasHead: Bool { head != nil }

    mutating func next(_ buffer: inout InputBuffer) -> Outcome {
        do {
            if head == nil {
                guard let parsed = try readHead(&buffer) else { return .needMore }
                head = parsed
                if parsed.framing == .chunked { chunks = ChunkedBody() }
            }
            guard let head else { return .needMore }
            guard let body = try readBody(head, &buffer) else {
                if head.expectsContinue, !continueSent {
                    continueSent = true
                    return .sendContinue
                }
                return .needMore
            }
            self = HTTPRequestParser(limits: limits)
            return .request(
                HTTPServerRequest(
                    method: head.method,
                    target: head.target,
                    version: head.version,
                    headers: head.headers,
                    body: body,
                    keepAlive: head.keepAlive
                )
            )
        } catch let refusal as HTTPRefusal {
            return .refused(refusal)
        } catch {
            return .refused(.malformed("the request could not be read"))
        }
    }

    private mutating func readHead(_ buffer: inout InputBuffer) throws -> HTTPRequestHead? {
        // Blank lines before a request line are ignored (RFC 9112, 2.2).
        while buffer.count >= 2, buffer[0] == 0x0D, buffer[1] == 0x0A { buffer.consume(2) }
        guard let end = buffer.find([0x0D, 0x0A, 0x0D, 0x0A], from: scannedHead - 3) else {
            // A line that ends in a lone LF would never end the head: refused at once.
            for offset in max(0, scannedHead)..<buffer.count
            where buffer[offset] == 0x0A && (offset == 0 || buffer[offset - 1] != 0x0D) {
                throw HTTPRefusal.malformed("a line ends in LF without CR")
            }
            scannedHead = buffer.count
            try checkSizes(buffer, headLength: nil)
            return nil
        }
        scannedHead = 0
        try checkSizes(buffer, headLength: end + 4)
        let head = try HTTPRequestHead(Array(buffer.slice(0..<end)), limits: limits)
        buffer.consume(end + 4)
        return head
    }

    private mutating func readBody(_ head: HTTPRequestHead, _ buffer: inout InputBuffer) throws -> Data? {
        switch head.framing {
        case .none:
            return Data()
        case .length(let length):
            guard buffer.count >= length else { return nil }
            let body = Data(buffer.slice(0..<length))
            buffer.consume(length)
            return body
        case .chunked:
            guard var chunks else { return nil }
            defer { self.chunks = chunks }
            return try chunks.read(&buffer, limits: limits)
        }
    }

    /// A request line that is too long answers 414 however much of the head has arrived; then the head's size.
    private func checkSizes(_ buffer: InputBuffer, headLength: Int?) throws {
        let lineEnd = buffer.find([0x0D, 0x0A], from: 0) ?? buffer.count
        if lineEnd > limits.requestLineBytes {
            throw HTTPRefusal(
                status: 414,
                code: "URI_TOO_LONG",
                message: "the request line is longer than \(limits.requestLineBytes) bytes"
            )
        }
        if (headLength ?? buffer.count) > limits.headBytes { throw Self.headTooLarge(limits) }
    }

    static func headTooLarge(_ limits: HTTPLimits) -> HTTPRefusal {
        HTTPRefusal(
            status: 431,
            code: "HEADERS_TOO_LARGE",
            message: "the request line and headers exceed \(limits.headBytes) bytes"
        )
    }
}

/// A chunked body being decoded (RFC 9112, 7.1): chunk-size lines, data, and trailer lines.
struct ChunkedBody {
    private var decoded = Data()
    private var remaining: Int?
    private var inTrailers = false
    private var trailerBytes = 0

    mutating func read(_ buffer: inout InputBuffer, limits: HTTPLimits) throws -> Data? {
        while true {
            if inTrailers {
                guard let end = buffer.find([0x0D, 0x0A], from: 0) else {
                    if trailerBytes + buffer.count > limits.headBytes { throw HTTPRequestParser.headTooLarge(limits) }
                    return nil
                }
                trailerBytes += end + 2
                guard trailerBytes <= limits.headBytes else { throw HTTPRequestParser.headTooLarge(limits) }
                buffer.consume(end + 2)
                if end == 0 { return decoded }
                continue
            }
            if let size = remaining {
                guard buffer.count >= size + 2 else { return nil }
                guard buffer[size] == 0x0D, buffer[size + 1] == 0x0A else {
                    throw HTTPRefusal.malformed("a chunk is not followed by CRLF")
                }
                decoded.append(contentsOf: buffer.slice(0..<size))
                buffer.consume(size + 2)
                remaining = nil
                continue
            }
            guard let end = buffer.find([0x0D, 0x0A], from: 0) else {
                if buffer.count > 1024 { throw HTTPRefusal.malformed("a chunk-size line is longer than 1024 bytes") }
                return nil
            }
            let size = try Self.chunkSize(Array(buffer.slice(0..<end)))
            buffer.consume(end + 2)
            guard decoded.count + size <= limits.bodyBytes else { throw HTTPRequestHead.bodyTooLarge(limits) }
            if size == 0 { inTrailers = true } else { remaining = size }
        }
    }

    /// The hex size of a chunk-size line, its extensions ignored.
    static func chunkSize(_ line: [UInt8]) throws -> Int {
        let digits = line.prefix { $0 != UInt8(ascii: ";") }
        let text = String(decoding: digits, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        guard (1...15).contains(text.utf8.count), text.utf8.allSatisfy({ $0.isHexDigit }),
            let size = Int(text, radix: 16)
        else {
            throw HTTPRefusal.malformed("a chunk size must be hexadecimal digits")
        }
        return size
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
