import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 POST to a loopback address over a blocking-free socket, within the request's
/// timeout: connect, write the request with `Connection: close`, read the answer until the
/// receiver closes or its `Content-Length` is in (at most 64 KiB kept), and parse its status.
struct LoopbackHTTPExchange {
    let request: WebhookHTTPRequest
    private let deadline: ContinuousClock.Instant

    static let maximumAnswer = 64 * 1024

    init(request: WebhookHTTPRequest) {
        self.request = request
        deadline = .now + .milliseconds(Int(request.timeout * 1000))
    }

    func run() -> WebhookHTTPOutcome {
        let address: SocketAddress
        do {
            address = try SocketAddress(host: request.url.host, port: request.url.port)
        } catch {
            return .failed("\(error)")
        }
        let descriptor = socket(address.family, SocketConstants.streamType, 0)
        guard descriptor >= 0 else { return .failed("socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        if let problem = connect(descriptor, address) { return .failed(problem) }
        if let problem = write(descriptor, head() + request.body) { return .failed(problem) }
        switch read(descriptor) {
        case .success(let answer): return Self.parse(answer)
        case .failure(let problem): return .failed(problem.message)
        }
    }

    private struct Problem: Error {
        let message: String
    }

    private func head() -> Data {
        var lines = ["POST \(request.url.target) HTTP/1.1", "Host: \(request.url.hostHeader)"]
        lines += request.headers.map { "\($0.name): \($0.value)" }
        lines += ["Content-Length: \(request.body.count)", "Connection: close", "", ""]
        return Data(lines.joined(separator: "\r\n").utf8)
    }

    private func connect(_ descriptor: Int32, _ address: SocketAddress) -> String? {
        let started = address.withSockaddr { SystemCalls.connect(descriptor, $0, $1) }
        guard started != 0 else { return nil }
        guard errno == EINPROGRESS else {
            return "cannot connect to \(request.url.hostHeader): \(String(cString: strerror(errno)))"
        }
        guard wait(descriptor, for: Int16(POLLOUT)) else {
            return "cannot connect to \(request.url.hostHeader): timed out"
        }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
        return code == 0 ? nil : "cannot connect to \(request.url.hostHeader): \(String(cString: strerror(code)))"
    }

    private func write(_ descriptor: Int32, _ data: Data) -> String? {
        var offset = 0
        while offset < data.count {
            let sent = data.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, data.count - offset, SocketConstants.sendFlags)
            }
            if sent > 0 {
                offset += sent
                continue
            }
            guard sent < 0, errno == EAGAIN || errno == EWOULDBLOCK else {
                return "the receiver closed the connection while sent to"
            }
            guard wait(descriptor, for: Int16(POLLOUT)) else {
                return "timed out sending after \(Int(request.timeout)) s"
            }
        }
        return nil
    }

    private func read(_ descriptor: Int32) -> Result<Data, Problem> {
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while answer.count < Self.maximumAnswer, !Self.isComplete(answer) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                answer.append(contentsOf: buffer[0..<count])
                continue
            }
            if count == 0 { break }
            guard errno == EAGAIN || errno == EWOULDBLOCK else {
                return answer.isEmpty
                    ? .failure(Problem(message: "the receiver reset the connection")) : .success(answer)
            }
            guard wait(descriptor, for: Int16(POLLIN)) else {
                return .failure(Problem(message: "no answer within \(Int(request.timeout)) s"))
            }
        }
        return .success(answer)
    }

    /// Waits until the socket is ready for `events`, at most until the deadline.
    private func wait(_ descriptor: Int32, for events: Int16) -> Bool {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return false }
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        let milliseconds =
            Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000) + 1
        return poll(&entry, 1, milliseconds) > 0
    }

    /// Whether the head is in and, when it names a length, the body too.
    static func isComplete(_ answer: Data) -> Bool {
        guard let end = answer.range(of: Data("\r\n\r\n".utf8)) else { return false }
        let head = String(decoding: answer[..<end.lowerBound], as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return answer.count - end.upperBound >= length
    }

    static func parse(_ answer: Data) -> WebhookHTTPOutcome {
        let end = answer.range(of: Data("\r\n\r\n".utf8))
        let head = String(decoding: answer[..<(end?.lowerBound ?? answer.endIndex)], as: UTF8.self)
        let status = head.split(separator: "\r\n").first?.split(separator: " ")
        guard let status, status.count >= 2, status[0].hasPrefix("HTTP/1."), let code = Int(status[1]),
            (100...599).contains(code)
        else {
            return .failed(
                answer.isEmpty
                    ? "the receiver closed the connection without answering" : "the receiver's answer is not HTTP"
            )
        }
        return .answered(status: code, body: end.map { Data(answer[$0.upperBound...]) } ?? Data())
    }
}

/// A loopback address to connect to: `localhost` and 127.x.y.z as IPv4, `[::1]` as IPv6.
struct SocketAddress {
    let family: Int32
    private let storage: sockaddr_storage
    private let length: socklen_t

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    init(host: String, port: Int) throws {
        var storage = sockaddr_storage()
        if host == "[::1]" {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            address.sin6_addr = in6addr_loopback
            withUnsafeBytes(of: address) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) }
            }
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
                throw Invalid(description: "\(host) is not a loopback address")
            }
            withUnsafeBytes(of: address) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) }
            }
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        self.storage = storage
    }

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafeBytes(of: storage) { body($0.baseAddress!.assumingMemoryBound(to: sockaddr.self), length) }
    }
}
