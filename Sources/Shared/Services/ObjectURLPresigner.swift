import Foundation

/// Time-limited links to one object, as S3's presigned URLs: whoever holds one may GET (or PUT)
/// that object until it expires, without credentials. Any change to a link voids it.
public protocol ObjectURLPresigner: Sendable {
    /// A link for `request`, valid from `request.date` for `request.expiresIn` seconds.
    func presign(_ request: PresignRequest) throws -> PresignedURL
}

/// What a presigned link allows.
public struct PresignRequest: Sendable, Hashable {
    /// S3's limit: seven days.
    public static let maximumExpiry = 604_800

    public var method: String
    public var bucket: String
    public var key: String
    public var date: Date
    public var expiresIn: Int
    /// Values the link carries as signed `x-amz-meta-*` query parameters (for an upload: what
    /// the object must be stored with).
    public var metadata: [String: String]
    /// Headers the link's request must carry, as S3 checks them (`If-None-Match: *`: an upload
    /// creates the object, never replaces it). S3's links sign them, so a request without them is
    /// refused; the stand-in's links sign the host only and leave such rules to their handlers.
    public var headers: [String: String]

    public init(
        method: String,
        bucket: String,
        key: String,
        date: Date,
        expiresIn: Int,
        metadata: [String: String] = [:],
        headers: [String: String] = [:]
    ) {
        self.method = method
        self.bucket = bucket
        self.key = key
        self.date = date
        self.expiresIn = expiresIn
        self.metadata = metadata
        self.headers = headers
    }
}

/// A presigned link and when it stops working.
public struct PresignedURL: Codable, Sendable, Hashable {
    public var url: String
    public var method: String
    public var expiresAt: String

    enum CodingKeys: String, CodingKey {
        case url, method
        case expiresAt = "expires_at"
    }

    public init(url: String, method: String, expiresAt: String) {
        self.url = url
        self.method = method
        self.expiresAt = expiresAt
    }
}
