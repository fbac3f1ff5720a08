import Cryptography
import Foundation
import Shared
import Signing
import WireFormat

/// Presigned links to the S3 stand-in, made and checked exactly as S3 does with Signature
/// Version 4 (query-string authentication): path-style `<endpoint>/<bucket>/<key>` (by default
/// `https://s3.localhost`, while `testex-local serve` runs its address, which serves them),
/// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`
/// and `X-Amz-Signature` in the query, signed with one secret key per state directory. The
/// method, host, bucket, key and every query parameter are signed, so any change voids the
/// link, and a link checks against the host it names, whichever endpoint made it.
public struct LocalURLPresigner: ObjectURLPresigner {
    public static let defaultEndpoint = "https://s3.localhost"
    static let region = "us-east-1"
    static let accessKeyId = "TESTEXLOCAL"
    static let algorithm = "AWS4-HMAC-SHA256"
    static let methods: Set<String> = ["GET", "PUT"]
    /// A longer link is refused unread.
    static let maximumLinkBytes = 8192

    private let secret: String
    /// `scheme://host[:port]`, without a trailing slash.
    public let endpoint: String

    public init(secret: Data, endpoint: String = LocalURLPresigner.defaultEndpoint) {
        precondition(secret.count >= 32, "a presigning key needs at least 256 bits")
        self.secret = secret.hexEncodedString
        self.endpoint = endpoint
    }

    /// The host (with its port) links are signed for.
    var host: String { String(endpoint.drop { $0 != ":" }.dropFirst(3)) }

    public func presign(_ request: PresignRequest) throws -> PresignedURL {
        guard Self.methods.contains(request.method) else {
            throw PresignedURLError.malformed("links are for GET or PUT, not \(request.method)")
        }
        guard (1...PresignRequest.maximumExpiry).contains(request.expiresIn) else {
            throw PresignedURLError.malformed("a link lasts 1 to \(PresignRequest.maximumExpiry) seconds")
        }
        try ObjectStoreRules.validateBucketName(request.bucket)
        try ObjectStoreRules.validateKey(request.key)
        let date = SigV4Date(request.date)
        var query = [
            "X-Amz-Algorithm": Self.algorithm,
            "X-Amz-Credential": "\(Self.accessKeyId)/\(date.day)/\(Self.region)/s3/aws4_request",
            "X-Amz-Date": date.text,
            "X-Amz-Expires": String(request.expiresIn),
            "X-Amz-SignedHeaders": "host",
        ]
        for (name, value) in request.metadata { query["x-amz-meta-\(name.lowercased())"] = value }
        let signature = sign(
            method: request.method,
            host: host,
            bucket: request.bucket,
            key: request.key,
            query: query,
            date: date
        )
        let url =
            "\(endpoint)\(Self.path(request.bucket, request.key))?"
            + SignatureV4.canonicalQuery(query.map { ($0.key, $0.value) }) + "&X-Amz-Signature=\(signature)"
        let expires = date.date.addingTimeInterval(TimeInterval(request.expiresIn))
        return PresignedURL(url: url, method: request.method, expiresAt: Timestamp.string(expires))
    }

    /// Refuses what is not a presigned link of this stand-in at all (`PresignedURLError.malformed`),
    /// without the key: a command checks its input before it opens a state.
    public static func checkForm(_ link: String) throws {
        _ = try LinkForm(link)
    }

    /// The object a link grants `method` on at `now`, or why it is refused: malformed, altered
    /// (or made for another object or method), not yet valid, or expired.
    public func verify(_ link: String, method: String, now: Date) throws -> PresignedObject {
        let form = try LinkForm(link)
        let (parsed, date, expires, given) = (form.parsed, form.date, form.expires, form.signature)
        // The path is signed as the presigner encodes it; another spelling of it (a `%2F` for a
        // slash, which would move the bucket's end) is another link, whose signature this is not.
        guard "/" + parsed.path == Self.path(parsed.bucket, parsed.key) else {
            throw PresignedURLError.signatureMismatch
        }
        var signed = parsed.query
        signed["X-Amz-Signature"] = nil
        func matches(_ method: String) -> Bool {
            let expected = sign(
                method: method,
                host: parsed.host,
                bucket: parsed.bucket,
                key: parsed.key,
                query: signed,
                date: date
            )
            return ConstantTime.equals(given, Hex.decode(expected) ?? Data())
        }
        guard matches(method) else {
            if let other = Self.methods.subtracting([method]).first, matches(other) {
                throw PresignedURLError.wrongMethod(allowed: other)
            }
            throw PresignedURLError.signatureMismatch
        }
        let expiresAt = date.date.addingTimeInterval(TimeInterval(expires))
        guard date.date.timeIntervalSince(now) <= 60 else {
            throw PresignedURLError.notYetValid(Timestamp.string(date.date))
        }
        guard now < expiresAt else { throw PresignedURLError.expired(Timestamp.string(expiresAt)) }
        var metadata: [String: String] = [:]
        for (name, value) in signed where name.hasPrefix("x-amz-meta-") {
            metadata[String(name.dropFirst("x-amz-meta-".count))] = value
        }
        return PresignedObject(bucket: parsed.bucket, key: parsed.key, metadata: metadata, expiresAt: expiresAt)
    }

    /// `/<bucket>/<key>`, encoded as S3 signs it.
    static func path(_ bucket: String, _ key: String) -> String {
        "/" + URIEncoding.encode(bucket, keepingSlash: true) + "/" + URIEncoding.encode(key, keepingSlash: true)
    }

    private func sign(
        method: String,
        host: String,
        bucket: String,
        key: String,
        query: [String: String],
        date: SigV4Date
    ) -> String {
        Self.signature(
            method: method,
            path: "/\(bucket)/\(key)",
            query: query,
            host: host,
            secret: secret,
            date: date,
            region: Self.region
        )
    }

    /// A query-authenticated S3 request's signature (the host the only signed header, the payload
    /// unsigned), by the one Signature Version 4.
    static func signature(
        method: String,
        path: String,
        query: [String: String],
        host: String,
        secret: String,
        date: SigV4Date,
        region: String
    ) -> String {
        let signer = SignatureV4(
            credentials: AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secret),
            region: region,
            service: "s3"
        )
        return signer.signature(
            method: method,
            path: path,
            query: query.map { ($0.key, $0.value) },
            headers: [("host", host)],
            payloadHash: SignatureV4.unsignedPayload,
            timestamp: date.text
        ).signature
    }
}

/// What a verified link grants.
public struct PresignedObject: Sendable, Hashable {
    public let bucket: String
    public let key: String
    /// The signed `x-amz-meta-*` values, by the name after the prefix.
    public let metadata: [String: String]
    public let expiresAt: Date
}

/// Why a presigned link is refused.
public enum PresignedURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not a link of this S3 stand-in at all.
    case malformed(String)
    /// The signature does not match: the link was altered, or made for another object.
    case signatureMismatch
    /// The link is valid for the other method.
    case wrongMethod(allowed: String)
    case notYetValid(String)
    case expired(String)

    public var description: String {
        switch self {
        case .malformed(let message): "not a presigned link of the S3 stand-in: \(message)"
        case .signatureMismatch:
            "the link's signature does not match: it was altered, or made for another object or another state"
        case .wrongMethod(let allowed): "the link allows \(allowed) only"
        case .notYetValid(let date): "the link is not valid before \(date)"
        case .expired(let date): "the link expired at \(date)"
        }
    }
}

/// A link's signed parts, checked for form: algorithm, date, expiry and signature present and well-formed.
private struct LinkForm {
    let parsed: ParsedLink
    let date: SigV4Date
    let expires: Int
    let signature: Data

    init(_ link: String) throws {
        parsed = try ParsedLink(link)
        guard parsed.query["X-Amz-Algorithm"] == LocalURLPresigner.algorithm else {
            throw PresignedURLError.malformed("X-Amz-Algorithm must be \(LocalURLPresigner.algorithm)")
        }
        guard let dateText = parsed.query["X-Amz-Date"], let date = SigV4Date(parsing: dateText) else {
            throw PresignedURLError.malformed("X-Amz-Date must be a time such as 20261122T100000Z")
        }
        guard let expiresText = parsed.query["X-Amz-Expires"], let expires = Int(expiresText),
            (1...PresignRequest.maximumExpiry).contains(expires)
        else {
            throw PresignedURLError.malformed("X-Amz-Expires must be 1 to \(PresignRequest.maximumExpiry) seconds")
        }
        guard let given = parsed.query["X-Amz-Signature"].flatMap(Hex.decode), given.count == 32 else {
            throw PresignedURLError.malformed("X-Amz-Signature must be 64 hex digits")
        }
        (self.date, self.expires, signature) = (date, expires, given)
    }
}

/// The parts of a path-style link: host, bucket, key and query parameters, percent-decoded.
private struct ParsedLink {
    let host: String
    /// The path after the first `/`, as the link spells it.
    let path: String
    let bucket: String
    let key: String
    let query: [String: String]

    init(_ link: String) throws {
        guard link.utf8.count <= LocalURLPresigner.maximumLinkBytes else {
            throw PresignedURLError.malformed("the link is too long")
        }
        guard let scheme = ["https://", "http://"].first(where: link.hasPrefix) else {
            throw PresignedURLError.malformed(
                "it does not start with \(LocalURLPresigner.defaultEndpoint)/ "
                    + "or the http:// address of testex-local serve"
            )
        }
        guard !link.contains("#"), !link.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F }) else {
            throw PresignedURLError.malformed("it contains a fragment, spaces or characters a URL cannot hold")
        }
        let afterScheme = link.dropFirst(scheme.count)
        guard let hostEnd = afterScheme.firstIndex(of: "/"), hostEnd > afterScheme.startIndex,
            afterScheme[..<hostEnd].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) })
        else {
            throw PresignedURLError.malformed("it names no host")
        }
        host = String(afterScheme[..<hostEnd])
        let rest = afterScheme[afterScheme.index(after: hostEnd)...]
        guard let mark = rest.firstIndex(of: "?") else { throw PresignedURLError.malformed("it has no query") }
        let path = rest[..<mark]
        guard let slash = path.firstIndex(of: "/"),
            let bucket = URIEncoding.decode(path[..<slash]),
            let key = URIEncoding.decode(path[path.index(after: slash)...]), !key.isEmpty
        else {
            throw PresignedURLError.malformed("the path must be /<bucket>/<key>")
        }
        var query: [String: String] = [:]
        for pair in rest[rest.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = URIEncoding.decode(parts[0]), !name.isEmpty,
                let value = URIEncoding.decode(parts[1])
            else {
                throw PresignedURLError.malformed("a query parameter is not name=value")
            }
            guard query[name] == nil else { throw PresignedURLError.malformed("the query repeats \(name.prefix(40))") }
            query[name] = value
        }
        self.path = String(path)
        self.bucket = bucket
        self.key = key
        self.query = query
    }
}
