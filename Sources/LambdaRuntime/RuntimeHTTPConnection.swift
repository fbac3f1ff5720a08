#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One HTTP/1.1 connection to the Runtime API, kept open between requests (as Lambda's own
/// runtimes keep theirs) and opened again when the server closed it. Blocking, and without any
/// timeout: Lambda holds `GET /next` open for as long as no event comes, and freezes the process
/// meanwhile, so a long wait is never an error. The protocol is the small part of HTTP/1.1 the
/// Runtime API speaks: requests with a `Content-Length` body, answers framed by `Content-Length`
/// or by the server closing the connection.
final class RuntimeHTTPConnection {
    struct Answer {
        let status: Int
        /// Header names lower-cased.
        let headers: [String: String]
        let body: Data
    }

    /// Why a request got no answer. `connect` and `dropped` are worth retrying on a new connection.
    enum Failure: Error, CustomStringConvertible {
        case connect(String)
        case dropped(String)
        case malformed(String)

        var isRetryable: Bool {
            if case .malformed = self { return false }
            return true
        }

        var description: String {
            switch self {
            case .connect(let why): "cannot connect to the Runtime API: \(why)"
            case .dropped(let why): "the Runtime API connection dropped: \(why)"
            case .malformed(let why): "the Runtime API answered something that is not HTTP/1.1: \(why)"
            }
        }
    }

    /// The largest answer head and body accepted: an event is at most 6 MB.
    static let maximumHead = 64 * 1024
    static let maximumBody = 16 * 1024 * 1024

    let host: String
    let port: String
    private var descriptor: Int32 = -1
    private var buffer = Data()

    /// `api` is `AWS_LAMBDA_RUNTIME_API`: `host:port` (`[v6]:port` for an IPv6 address).
    init(api: String) {
        let (host, port) = Self.split(api)
        self.host = host
        self.port = port
    }

    deinit { disconnect() }

    /// Sends one request and reads its whole answer; connects first if no connection is open.
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: Data? = nil) throws -> Answer {
        if descriptor < 0 { try connect() }
        do {
            try write(Self.request(method, path, host: "\(host):\(port)", headers: headers, body: body))
            let answer = try readAnswer()
            if answer.headers["connection"]?.lowercased() == "close" { disconnect() }
            return answer
        } catch {
            disconnect()
            throw error
        }
    }

    func disconnect() {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
        descriptor = -1
        buffer.removeAll()
    }

    static func request(_ method: String, _ path: String, host: String, headers: [(String, String)],
                        body: Data?) -> Data {
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
            throw Failure.connect("\(host):\(port) does not resolve (\(String(cString: gai_strerror(resolved))))")
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
        throw Failure.connect("\(host):\(port): \(reason)")
    }

    private func write(_ bytes: Data) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                sendBytes(descriptor, raw.baseAddress! + offset, raw.count - offset, Self.sendFlags)
            }
            if sent < 0, errno == EINTR { continue }
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
            throw Failure.dropped("recv: \(String(cString: strerror(errno)))")
        }
    }

    private func readAnswer() throws -> Answer {
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
        if let length = headers["content-length"] {
            guard let count = Int(length), count >= 0, count <= Self.maximumBody else {
                throw Failure.malformed("Content-Length \(length)")
            }
            while buffer.count < count {
                guard try fill() else { throw Failure.dropped("closed after \(buffer.count) of \(count) body bytes") }
            }
            body = Data(buffer.prefix(count))
            buffer = Data(buffer.dropFirst(count))
        } else if let coding = headers["transfer-encoding"] {
            throw Failure.malformed("Transfer-Encoding \(coding) (the Runtime API sends Content-Length)")
        } else if status == 204 || status == 304 || (100..<200).contains(status) {
            body = Data()
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
