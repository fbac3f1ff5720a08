import Dispatch
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Requests to a plain-HTTP endpoint (the Lambda service emulator, moto_server, LocalStack) over
/// kept-alive connections of the project's own (`HTTP1Connection`); every other request (AWS's
/// HTTPS endpoints) through `URLSessionTransport`. Why: Swift 6.3.1's FoundationNetworking leaks
/// each task's URL parts (`CFURLSessionCurlHostIsEqual` frees its libcurl URL handle with
/// `curl_free`), about 130 to 230 bytes per request, which a long-lived Lambda environment adds
/// up; see the README's "Performance". The bootstraps use it; one-shot commands keep URLSession.
public final class SocketHTTPTransport: HTTPTransport, @unchecked Sendable {
    private let fallback: URLSessionTransport
    /// Idle connections by `host:port`; a connection is used by one request at a time.
    private var idle: [String: [HTTP1Connection]] = [:]
    private let lock = NSLock()
    private let queue = DispatchQueue(label: "testex.socket-http", attributes: .concurrent)

    public init(fallback: URLSessionTransport = URLSessionTransport()) {
        self.fallback = fallback
    }

    public func send(_ request: URLRequest) async throws -> AWSResponse {
        guard let url = request.url, url.scheme?.lowercased() == "http", url.host != nil else {
            return try await fallback.send(request)
        }
        // Blocking socket calls, off Swift concurrency's few threads.
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try self.sendBlocking(request, url: url) }) }
        }
    }

    private func sendBlocking(_ request: URLRequest, url: URL) throws -> AWSResponse {
        let host = url.host!
        let port = url.port.map(String.init) ?? "80"
        let key = "\(host):\(port)"
        let target = Self.target(of: url)
        let hostHeader = url.port.map { "\(host.contains(":") ? "[\(host)]" : host):\($0)" } ?? host
        let headers = (request.allHTTPHeaderFields ?? [:]).filter { $0.key.lowercased() != "host" }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let method = request.httpMethod ?? "GET"
        let body = request.httpBody ?? (["POST", "PUT"].contains(method) ? Data() : nil)
        var (connection, reused) = take(key, host: host, port: port)
        while true {
            do {
                let answer = try connection.send(
                    method,
                    target,
                    hostHeader: hostHeader,
                    headers: headers,
                    body: body,
                    timeout: request.timeoutInterval
                )
                if connection.isOpen { give(connection, key) }
                return AWSResponse(status: answer.status, headers: answer.headers, body: answer.body)
            } catch let failure as HTTP1Connection.Failure {
                // A kept-alive connection the server closed while idle: once more on a new one.
                if reused, case .dropped = failure {
                    (connection, reused) = (HTTP1Connection(host: host, port: port), false)
                    continue
                }
                throw AWSTransportError(url: url, underlying: failure.description)
            }
        }
    }

    /// The request target exactly as the URL spells it (as it was signed): URLComponents would
    /// decode some escapes of the query (`%2F`), which S3 then signs differently.
    static func target(of url: URL) -> String {
        let absolute = url.absoluteString
        let rest = absolute.range(of: "://").map { absolute[$0.upperBound...] } ?? Substring(absolute)
        guard let start = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let target = String(rest[start...].prefix { $0 != "#" })
        return target.hasPrefix("?") ? "/" + target : target
    }

    private func take(_ key: String, host: String, port: String) -> (HTTP1Connection, reused: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if let connection = idle[key]?.popLast() { return (connection, true) }
        return (HTTP1Connection(host: host, port: port), false)
    }

    private func give(_ connection: HTTP1Connection, _ key: String) {
        lock.lock()
        defer { lock.unlock() }
        idle[key, default: []].append(connection)
    }
}
