import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one HTTP request and returns the whole answer; a seam so tests can answer in-process.
public protocol HTTPTransport: Sendable {
    func send(_ request: URLRequest) async throws -> AWSResponse
}

/// The transport over Foundation's URLSession (FoundationNetworking on Linux).
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init(session: URLSession = URLSessionTransport.session) {
        self.session = session
    }

    /// The session every client shares: no cache, no cookies (AWS answers are never reused).
    public static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()

    public func send(_ request: URLRequest) async throws -> AWSResponse {
        // The completion-handler API exists on every Foundation this builds with.
        try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(
                        throwing: AWSTransportError(url: request.url, underlying: "\(error.localizedDescription)")
                    )
                } else if let response = response as? HTTPURLResponse {
                    var headers: [String: String] = [:]
                    for (name, value) in response.allHeaderFields {
                        if let name = name as? String, let value = value as? String { headers[name] = value }
                    }
                    continuation.resume(
                        returning: AWSResponse(status: response.statusCode, headers: headers, body: data ?? Data())
                    )
                } else {
                    continuation.resume(throwing: AWSTransportError(url: request.url, underlying: "no HTTP response"))
                }
            }.resume()
        }
    }
}

/// The request never got an HTTP answer (refused connection, DNS, TLS, timeout).
public struct AWSTransportError: Error, Sendable, CustomStringConvertible {
    public let url: URL?
    public let underlying: String
    public var description: String { "cannot reach \(url?.absoluteString ?? "the endpoint"): \(underlying)" }
}
