import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small stand-in for Lambda's Runtime API on 127.0.0.1: hands out the scripted invocations
/// with Lambda's headers, records every request, and answers `/next` with a 500 once the script
/// is done, which ends the runtime loop under test. Served in order on one thread: one request
/// per connection, or (`keepAlive`) every request of a connection until the client closes it.
final class FakeRuntimeAPI: @unchecked Sendable {
    struct Invocation {
        var requestID = UUID().uuidString.lowercased()
        var payload: String
        var deadlineMs = Int((Date().timeIntervalSince1970 + 30) * 1000)
        /// nil: no `Lambda-Runtime-Trace-Id` header.
        var traceID: String? = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        var functionARN = "arn:aws:lambda:us-east-1:123456789012:function:development-testex-api-gateway"
        /// `Lambda-Runtime-Client-Context`, as Lambda passes a synchronous caller's.
        var clientContext: String?
        /// How long `/next` is held open before this invocation is handed out.
        var idle: TimeInterval = 0
        /// How many `/next` requests for it are dropped first: the connection closed unanswered.
        var drops = 0
    }

    struct Request {
        let method: String
        let path: String
        let headers: [String: String]
        let body: Data

        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    private let lock = NSLock()
    private var script: [Invocation]
    private var requests: [Request] = []
    private var accepted = 0
    private var stopped = false
    private let socket: Int32
    private let keepAlive: Bool
    let port: UInt16

    init(_ invocations: [Invocation], keepAlive: Bool = false) throws {
        script = invocations
        self.keepAlive = keepAlive
        #if canImport(Glibc)
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound, listen(socket, 16) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in serve() }.start()
    }

    /// `AWS_LAMBDA_RUNTIME_API`.
    var api: String { "127.0.0.1:\(port)" }

    var received: [Request] { lock.withLock { requests } }

    /// How many connections the client opened.
    var connections: Int { lock.withLock { accepted } }

    /// Stops accepting; the serving thread ends. It may still be reading a kept-alive
    /// connection, so it checks `stopped` before it accepts again: the listener's descriptor
    /// number may be another fake's by then.
    func stop() {
        lock.withLock { stopped = true }
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    private func serve() {
        while !lock.withLock({ stopped }) {
            let connection = accept(socket, nil, nil)
            if connection < 0 { return }
            lock.withLock { accepted += 1 }
            while let request = read(connection) {
                lock.withLock { requests.append(request) }
                guard respond(connection, to: request), keepAlive else { break }
            }
            close(connection)
        }
    }

    /// Answers the request; false when the connection was dropped instead.
    private func respond(_ connection: Int32, to request: Request) -> Bool {
        let base = "/2018-06-01/runtime"
        if request.method == "GET", request.path == base + "/invocation/next" {
            guard var invocation = lock.withLock({ script.first }) else {
                write(connection, status: 500, body: #"{"errorMessage":"no more invocations","errorType":"Test.Done"}"#)
                return true
            }
            if invocation.drops > 0 {
                invocation.drops -= 1
                lock.withLock { script[0] = invocation }
                return false
            }
            lock.withLock { _ = script.removeFirst() }
            if invocation.idle > 0 { Thread.sleep(forTimeInterval: invocation.idle) }
            var headers = [
                "Lambda-Runtime-Aws-Request-Id": invocation.requestID,
                "Lambda-Runtime-Deadline-Ms": String(invocation.deadlineMs),
                "Lambda-Runtime-Invoked-Function-Arn": invocation.functionARN,
            ]
            headers["Lambda-Runtime-Trace-Id"] = invocation.traceID
            headers["Lambda-Runtime-Client-Context"] = invocation.clientContext
            write(connection, status: 200, headers: headers, body: invocation.payload)
            return true
        }
        let accepted =
            request.method == "POST"
            && (request.path == base + "/init/error"
                || request.path.hasPrefix(base + "/invocation/")
                    && (request.path.hasSuffix("/response") || request.path.hasSuffix("/error")))
        write(
            connection,
            status: accepted ? 202 : 404,
            body: accepted ? #"{"status":"OK"}"# : #"{"errorMessage":"unknown path"}"#
        )
        return true
    }

    private func read(_ connection: Int32) -> Request? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        let separator = Data("\r\n\r\n".utf8)
        while data.range(of: separator) == nil {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            data.append(buffer, count: count)
        }
        let headerEnd = data.range(of: separator)!
        let head = String(decoding: data[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let line = head[0].split(separator: " ")
        var headers: [String: String] = [:]
        for field in head.dropFirst() {
            guard let colon = field.firstIndex(of: ":") else { continue }
            headers[field[..<colon].lowercased()] = field[field.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        var body = Data(data[headerEnd.upperBound...])
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { break }
            body.append(buffer, count: count)
        }
        return Request(method: String(line[0]), path: String(line[1]), headers: headers, body: body)
    }

    private func write(_ connection: Int32, status: Int, headers: [String: String] = [:], body: String) {
        let payload = Data(body.utf8)
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : status == 202 ? "Accepted" : "Error")\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n"
        head += keepAlive ? "\r\n" : "Connection: close\r\n\r\n"
        let bytes = Data(head.utf8) + payload
        _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}
