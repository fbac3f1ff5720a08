import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Uses a presigned link as curl or a browser would: the request goes to the URL as it is,
/// unsigned (the link carries its signature), and S3's answer comes back with its error code
/// and message when it refused.
public struct PresignedLinkRequester: Sendable {
    private let transport: any HTTPTransport
    /// How long one request may take.
    public var timeout: TimeInterval = 60

    public init(transport: any HTTPTransport = URLSessionTransport()) {
        self.transport = transport
    }

    /// What S3 answered to `method` on `link` (with `body` and `headers` for an upload).
    public func request(
        _ method: String,
        to link: String,
        body: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> Response {
        guard let url = URL(string: link) else { throw AWSConfigurationError("\(link.prefix(80)) is not a URL") }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = body }
        let answer = try await transport.send(request)
        let error = answer.isSuccess ? nil : XMLNode.parse(answer.body)?.first("Error")
        return Response(
            status: answer.status,
            body: answer.body,
            contentType: answer.header("Content-Type"),
            errorCode: error?.value("Code"),
            errorMessage: error?.value("Message")
        )
    }

    /// S3's answer to a link.
    public struct Response: Sendable {
        public let status: Int
        public let body: Data
        public let contentType: String?
        /// S3's error code (`AccessDenied`, `SignatureDoesNotMatch`, `NoSuchKey`, ...) when it refused.
        public let errorCode: String?
        public let errorMessage: String?
    }
}
