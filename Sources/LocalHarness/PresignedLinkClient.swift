import Foundation

/// Where a remote backend's presigned links are honoured (S3 or an emulator of it), reached as
/// any HTTP client reaches it: `s3 get-url` and `s3 put-url` send the link's request there.
public protocol PresignedLinkClient: Sendable {
    /// The answer to `method` on `link`, with `body` and `headers` (for an upload: its content
    /// type and the headers the link signs).
    func send(
        _ method: String,
        to link: String,
        body: Data?,
        headers: [String: String]
    ) async throws -> PresignedLinkAnswer
}

/// What the service answered to a link.
public struct PresignedLinkAnswer: Sendable {
    public let status: Int
    public let body: Data
    public let contentType: String?
    /// The service's error code and message when it refused (`AccessDenied`, `NoSuchKey`, ...).
    public let error: (code: String, message: String)?

    public init(status: Int, body: Data, contentType: String?, error: (code: String, message: String)?) {
        self.status = status
        self.body = body
        self.contentType = contentType
        self.error = error
    }
}
