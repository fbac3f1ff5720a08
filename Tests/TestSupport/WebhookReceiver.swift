import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A webhook receiver on 127.0.0.1 for tests, on a thread of its own: it answers each request
/// with the status `answer` gives for its number (1 for the first) and keeps every request.
public final class WebhookReceiver: @unchecked Sendable {
    public struct Received: Sendable {
        public let target: String
        /// Header names lower-cased.
        public let headers: [String: String]
        public let body: Data
        /// What the receiver answered.
        public let status: Int
    }

    public let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var received: [Received] = []
    private let answer: @Sendable (Int, Received) -> Int

    /// Starts listening on a free port.
    public init(answer: @escaping @Sendable (_ number: Int, _ request: Received) -> Int = { _, _ in 200 }) throws {
        self.answer = answer
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard descriptor >= 0, bound, listen(descriptor, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        listener = descriptor
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in serve() }.start()
    }

    /// `http://127.0.0.1:<port>/hooks`.
    public var url: String { "http://127.0.0.1:\(port)/hooks" }

    /// Every request received, in arrival order.
    public var requests: [Received] { lock.withLock { received } }

    /// Stops accepting; the thread ends.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var headEnd: Range<Data.Index>?
        var expected = Int.max
        while data.count < expected {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            data.append(contentsOf: buffer[0..<count])
            if headEnd == nil, let end = data.range(of: Data("\r\n\r\n".utf8)) {
                headEnd = end
                expected = end.upperBound + (Int(Self.headers(data[..<end.lowerBound])["content-length"] ?? "0") ?? 0)
            }
        }
        guard let headEnd else { return }
        let headText = String(decoding: data[..<headEnd.lowerBound], as: UTF8.self)
        let target =
            headText.split(separator: "\r\n").first?.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        let headers = Self.headers(data[..<headEnd.lowerBound])
        let request = Received(target: target, headers: headers, body: Data(data[headEnd.upperBound...]), status: 0)
        let number = lock.withLock { received.count + 1 }
        let status = answer(number, request)
        lock.withLock {
            received.append(Received(target: target, headers: headers, body: request.body, status: status))
        }
        let reply = "HTTP/1.1 \(status) Status\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        _ = reply.withCString { send(connection, $0, strlen($0), 0) }
    }

    private static func headers(_ head: Data) -> [String: String] {
        var headers: [String: String] = [:]
        for line in String(decoding: head, as: UTF8.self).split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        return headers
    }
}
