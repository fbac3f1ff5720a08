import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 connection, kept open between requests and opened again when the server closed
/// it: the Runtime API's (as Lambda's own runtimes keep theirs) and, through
/// `SocketHTTPTransport`, a plain-HTTP endpoint's. Blocking; without a timeout unless a request
/// asks for one: Lambda holds `GET /next` open for as long as no event comes, and freezes the
/// process meanwhile, so a long wait is never an error there. The protocol is the small part of
/// HTTP/1.1 these servers speak: requests with a `Content-Length` body, answers framed by
/// `Content-Length`, chunked, or by the server closing the connection.
package final class HTTP1Connection {
    package struct Answer {
        package let status: Int
        /// Header names lower-cased.
        package let headers: [String: String]
        package let body: Data
    }

    /// Why a request got no answer. `connect` and `dropped` are worth retrying on a new connection.
    package enum Failure: Error, CustomStringConvertible {
        case connect(String)
        case dropped(String)
        case malformed(String)
        case timedOut(String)

        package var isRetryable: Bool {
            switch self {
            case .connect, .dropped: true
            case .malformed, .timedOut: false
            }
        }

        package var description: String {
            switch self {
            case .connect(let why): "cannot connect to \(why)"
            case .dropped(let why): "the connection dropped: \(why)"
            case .malformed(let why): "the server answered something that is not HTTP/1.1: \(why)"
            case .timedOut(let why): "no answer in time: \(why)"
            }
        }
    }

    /// The largest answer head and body accepted: an event is at most 6 MB.
    static let maximumHead = 64 * 1024
    static let maximumBody = 16 * 1024 * 1024

    package let host: String
    package let port: String
    /// What errors call the server: `host:port`, or a name given with it.
    package let peer: String
    private var descriptor: Int32 = -1
    private var buffer = Data()
    private var timeout: TimeInterval?

    /// `api` is `AWS_LAMBDA_RUNTIME_API`: `host:port` (`[v6]:port` for an IPv6 address).
    package convenience init(api: String) {
        let (host, port) = Self.split(api)
        self.init(host: host, port: port, name: "the Runtime API")
    }

    package init(host: String, port: String, name: String? = nil) {
        self.host = host
        self.port = port
        peer = name.map { "\($0) (\(host):\(port))" } ?? "\(host):\(port)"
    }

    deinit { disconnect() }

    /// Whether a connection is open (to be used again by the next request).
    package var isOpen: Bool { descriptor >= 0 }

    /// Sends one request and reads its whole answer; connects first if no connection is open.
    /// `hostHeader` defaults to `host:port`; `timeout` bounds each send and each wait for bytes.
    package func send(
        _ method: String,
        _ path: String,
        hostHeader: String? = nil,
        headers: [(String, String)] = [],
        body: Data? = nil,
        timeout: TimeInterval? = nil
    ) throws -> Answer {
        if descriptor < 0 { try connect() }
        do {
            try setTimeout(timeout)
            try write(Self.request(method, path, host: hostHeader ?? "\(host):\(port)", headers: headers, body: body))
            let answer = try readAnswer(expectingBody: method != "HEAD")
            if answer.headers["connection"]?.lowercased() == "close" { disconnect() }
            return answer
        } catch {
            disconnect()
            throw error
        }
    }

    package func disconnect() {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
        descriptor = -1
        buffer.removeAll()
        timeout = nil
    }

    /// SO_RCVTIMEO and SO_SNDTIMEO for the next request (none: wait as long as it takes).
    private func setTimeout(_ seconds: TimeInterval?) throws {
        guard seconds != timeout else { return }
        var value = timeval()
        if let seconds, seconds > 0 {
            value.tv_sec = Int(seconds)
            value.tv_usec = Int((seconds - Double(Int(seconds))) * 1_000_000)
        }
        let size = socklen_t(MemoryLayout<timeval>.size)
        guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, size) == 0,
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, size) == 0
        else {
            throw Failure.connect("\(peer): setsockopt: \(String(cString: strerror(errno)))")
        }
        timeout = seconds
    }

    static func request(
        _ method: String,
        _ path: String,
        host: String,
        headers: [(String, String)],
        body: Data?
    ) -> Data {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: testex-lambda\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        return Data((head + "\r\n").utf8) + (body ?? Data())
    }

    private static func split(_ api: String) -> (String, String) {
        if api.hasPrefix("["), let close = api.firstIndex(of: "]") {
            let host = String(api[api.index(after: api.startIndex)..<close])
            let rest = api[api.index(after: close)...]
            return (host, rest.hasPrefix(":") ? String(rest.dropFirst()) : "80")
        }
        guard let colon = api.lastIndex(of: ":") else { return (api, "80") }
        return (String(api[..<colon]), String(api[api.index(after: colon)...]))
    }

    private func connect() throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Self.streamType
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, port, &hints, &list)
        guard resolved == 0, let first = list else {
            throw Failure.connect("\(peer): it does not resolve (\(String(cString: gai_strerror(resolved))))")
        }
        defer { freeaddrinfo(list) }
        var reason = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            let candidate = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if candidate >= 0, connectSocket(candidate, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                var one: Int32 = 1
                _ = setsockopt(candidate, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                #if canImport(Darwin)
                _ = setsockopt(candidate, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
                #endif
                descriptor = candidate
                return
            }
            reason = String(cString: strerror(errno))
            if candidate >= 0 { _ = closeDescriptor(candidate) }
            entry = address.pointee.ai_next
        }
        throw Failure.connect("\(peer): \(reason)")
    }

    private func write(_ bytes: Data) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                sendBytes(descriptor, raw.baseAddress! + offset, raw.count - offset, Self.sendFlags)
            }
            if sent < 0, errno == EINTR { continue }
            if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                throw Failure.timedOut("cannot send for \(timeout ?? 0) s")
            }
            guard sent > 0 else { throw Failure.dropped("send: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }

    /// Reads more bytes into the buffer; false when the server closed the connection.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure.timedOut("no bytes for \(timeout ?? 0) s") }
            throw Failure.dropped("recv: \(String(cString: strerror(errno)))")
        }
    }

    private func readAnswer(expectingBody: Bool) throws -> Answer {
        let separator = Data("\r\n\r\n".utf8)
        var headEnd = buffer.range(of: separator)
        while headEnd == nil {
            guard buffer.count <= Self.maximumHead else {
                throw Failure.malformed("a head over \(Self.maximumHead) bytes")
            }
            guard try fill() else {
                throw Failure.dropped(buffer.isEmpty ? "closed before answering" : "closed in the middle of the head")
            }
            headEnd = buffer.range(of: separator)
        }
        let head = String(decoding: buffer[buffer.startIndex..<headEnd!.lowerBound], as: UTF8.self)
        buffer = Data(buffer[headEnd!.upperBound...])
        let (status, headers) = try Self.parseHead(head)
        let body: Data
        if !expectingBody || status == 204 || status == 304 || (100..<200).contains(status) {
            body = Data()
        } else if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = try readChunks()
        } else if let length = headers["content-length"] {
            guard let count = Int(length), count >= 0, count <= Self.maximumBody else {
                throw Failure.malformed("Content-Length \(length)")
            }
            while buffer.count < count {
                guard try fill() else { throw Failure.dropped("closed after \(buffer.count) of \(count) body bytes") }
            }
            body = Data(buffer.prefix(count))
            buffer = Data(buffer.dropFirst(count))
        } else if let coding = headers["transfer-encoding"] {
            throw Failure.malformed("Transfer-Encoding \(coding)")
        } else {
            while try fill() {
                guard buffer.count <= Self.maximumBody else {
                    throw Failure.malformed("a body over \(Self.maximumBody) bytes")
                }
            }
            body = buffer
            disconnect()
        }
        return Answer(status: status, headers: headers, body: body)
    }

    /// A chunked body: size lines in hex, each chunk, then the last (empty) chunk and its trailers.
    private func readChunks() throws -> Data {
        var body = Data()
        let lineEnd = Data("\r\n".utf8)
        while true {
            let sizeLine = try readLine(lineEnd)
            let digits = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(digits.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0,
                body.count + size <= Self.maximumBody
            else {
                throw Failure.malformed("chunk size '\(sizeLine.prefix(40))'")
            }
            if size == 0 {
                while try !readLine(lineEnd).isEmpty {}
                return body
            }
            while buffer.count < size + 2 {
                guard try fill() else { throw Failure.dropped("closed in the middle of a chunk") }
            }
            body.append(buffer.prefix(size))
            buffer = Data(buffer.dropFirst(size + 2))
        }
    }

    private func readLine(_ lineEnd: Data) throws -> String {
        while buffer.range(of: lineEnd) == nil {
            guard buffer.count <= Self.maximumHead else {
                throw Failure.malformed("a line over \(Self.maximumHead) bytes")
            }
            guard try fill() else { throw Failure.dropped("closed in the middle of a chunked body") }
        }
        let end = buffer.range(of: lineEnd)!
        let line = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        buffer = Data(buffer[end.upperBound...])
        return line
    }

    static func parseHead(_ head: String) throws -> (Int, [String: String]) {
        let lines = head.components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw Failure.malformed("status line '\(lines[0].prefix(100))'")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                throw Failure.malformed("header line '\(line.prefix(100))'")
            }
            headers[line[..<colon].lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if statusLine[0] == "HTTP/1.0", headers["connection"]?.lowercased() != "keep-alive" {
            headers["connection"] = "close"
        }
        return (status, headers)
    }

    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0
    #endif
}

// The C calls under names the connection's own members do not hide.
#if canImport(Glibc)
private func connectSocket(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
    Glibc.connect(fd, address, length)
}
private func closeDescriptor(_ fd: Int32) -> Int32 { Glibc.close(fd) }
private func sendBytes(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    Glibc.send(fd, bytes, count, flags)
}
#else
private func connectSocket(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
    Darwin.connect(fd, address, length)
}
private func closeDescriptor(_ fd: Int32) -> Int32 { Darwin.close(fd) }
private func sendBytes(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    Darwin.send(fd, bytes, count, flags)
}
#endif
