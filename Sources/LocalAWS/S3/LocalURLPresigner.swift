import Foundation
import Shared

/// Presigned links to the S3 stand-in, made and checked exactly as S3 does with Signature
/// Version 4 (query-string authentication): path-style `https://s3.localhost/<bucket>/<key>`,
/// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`
/// and `X-Amz-Signature` in the query, signed with one secret key per state directory. The
/// method, bucket, key and every query parameter are signed, so any change voids the link.
public struct LocalURLPresigner: ObjectURLPresigner {
    public static let host = "s3.localhost"
    static let region = "us-east-1"
    static let accessKeyId = "TESTEXLOCAL"
    static let algorithm = "AWS4-HMAC-SHA256"
    static let methods: Set<String> = ["GET", "PUT"]
    /// A longer link is refused unread.
    static let maximumLinkBytes = 8192

    private let secret: String

    public init(secret: Data) {
        precondition(secret.count >= 32, "a presigning key needs at least 256 bits")
        self.secret = secret.hexEncodedString
    }

    public func presign(_ request: PresignRequest) throws -> PresignedURL {
        guard Self.methods.contains(request.method) else { throw PresignedURLError.malformed("links are for GET or PUT, not \(request.method)") }
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
        let signature = sign(method: request.method, bucket: request.bucket, key: request.key, query: query, date: date)
        let url = "https://\(Self.host)/\(SigV4Encoding.path(request.bucket))/\(SigV4Encoding.path(request.key))?"
            + SigV4Encoding.canonicalQuery(query) + "&X-Amz-Signature=\(signature)"
        let expires = date.date.addingTimeInterval(TimeInterval(request.expiresIn))
        return PresignedURL(url: url, method: request.method, expiresAt: Timestamp.string(expires))
    }

    /// The object a link grants `method` on at `now`, or why it is refused: malformed, altered
    /// (or made for another object or method), not yet valid, or expired.
    public func verify(_ link: String, method: String, now: Date) throws -> PresignedObject {
        let parsed = try ParsedLink(link)
        guard parsed.query["X-Amz-Algorithm"] == Self.algorithm else { throw PresignedURLError.malformed("X-Amz-Algorithm must be \(Self.algorithm)") }
        guard let dateText = parsed.query["X-Amz-Date"], let date = SigV4Date(parsing: dateText) else {
            throw PresignedURLError.malformed("X-Amz-Date must be a time such as 20261122T100000Z")
        }
        guard let expiresText = parsed.query["X-Amz-Expires"], let expires = Int(expiresText),
              (1...PresignRequest.maximumExpiry).contains(expires) else {
            throw PresignedURLError.malformed("X-Amz-Expires must be 1 to \(PresignRequest.maximumExpiry) seconds")
        }
        guard let given = parsed.query["X-Amz-Signature"].flatMap(Hex.decode), given.count == 32 else {
            throw PresignedURLError.malformed("X-Amz-Signature must be 64 hex digits")
        }
        var signed = parsed.query
        signed["X-Amz-Signature"] = nil
        func matches(_ method: String) -> Bool {
            let expected = sign(method: method, bucket: parsed.bucket, key: parsed.key, query: signed, date: date)
            return ConstantTime.equals(given, Hex.decode(expected) ?? Data())
        }
        guard matches(method) else {
            if let other = Self.methods.subtracting([method]).first, matches(other) {
                throw PresignedURLError.wrongMethod(allowed: other)
            }
            throw PresignedURLError.signatureMismatch
        }
        let expiresAt = date.date.addingTimeInterval(TimeInterval(expires))
        guard date.date.timeIntervalSince(now) <= 60 else { throw PresignedURLError.notYetValid(Timestamp.string(date.date)) }
        guard now < expiresAt else { throw PresignedURLError.expired(Timestamp.string(expiresAt)) }
        var metadata: [String: String] = [:]
        for (name, value) in signed where name.hasPrefix("x-amz-meta-") { metadata[String(name.dropFirst("x-amz-meta-".count))] = value }
        return PresignedObject(bucket: parsed.bucket, key: parsed.key, metadata: metadata, expiresAt: expiresAt)
    }

    private func sign(method: String, bucket: String, key: String, query: [String: String], date: SigV4Date) -> String {
        SigV4.presignedSignature(method: method, path: "/\(SigV4Encoding.path(bucket))/\(SigV4Encoding.path(key))", query: query,
                                 host: Self.host, secret: secret, date: date, region: Self.region)
    }
}

/// Signature Version 4 for query-string authentication (presigned URLs), as S3 computes it.
enum SigV4 {
    /// The canonical request, the string to sign, the derived key, the hex signature.
    static func presignedSignature(method: String, path: String, query: [String: String], host: String, secret: String,
                                   date: SigV4Date, region: String) -> String {
        let canonicalRequest = [method, path, SigV4Encoding.canonicalQuery(query), "host:\(host)\n", "host", "UNSIGNED-PAYLOAD"]
            .joined(separator: "\n")
        let scope = "\(date.day)/\(region)/s3/aws4_request"
        let stringToSign = [LocalURLPresigner.algorithm, date.text, scope, Digest.sha256(Data(canonicalRequest.utf8)).hexEncodedString]
            .joined(separator: "\n")
        var signingKey = Data("AWS4\(secret)".utf8)
        for part in [date.day, region, "s3", "aws4_request"] {
            signingKey = HMAC.sha256(key: signingKey, data: Data(part.utf8))
        }
        return HMAC.sha256(key: signingKey, data: Data(stringToSign.utf8)).hexEncodedString
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
        case .signatureMismatch: "the link's signature does not match: it was altered, or made for another object or another state"
        case .wrongMethod(let allowed): "the link allows \(allowed) only"
        case .notYetValid(let date): "the link is not valid before \(date)"
        case .expired(let date): "the link expired at \(date)"
        }
    }
}

/// The parts of a path-style link: bucket, key and query parameters, percent-decoded.
private struct ParsedLink {
    let bucket: String
    let key: String
    let query: [String: String]

    init(_ link: String) throws {
        guard link.utf8.count <= LocalURLPresigner.maximumLinkBytes else { throw PresignedURLError.malformed("the link is too long") }
        let prefix = "https://\(LocalURLPresigner.host)/"
        guard link.hasPrefix(prefix) else { throw PresignedURLError.malformed("it does not start with \(prefix)") }
        guard !link.contains("#"), !link.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F }) else {
            throw PresignedURLError.malformed("it contains a fragment, spaces or characters a URL cannot hold")
        }
        let rest = link.dropFirst(prefix.count)
        guard let mark = rest.firstIndex(of: "?") else { throw PresignedURLError.malformed("it has no query") }
        let path = rest[..<mark]
        guard let slash = path.firstIndex(of: "/"),
              let bucket = String(path[..<slash]).removingPercentEncoding,
              let key = String(path[path.index(after: slash)...]).removingPercentEncoding, !key.isEmpty else {
            throw PresignedURLError.malformed("the path must be /<bucket>/<key>")
        }
        var query: [String: String] = [:]
        for pair in rest[rest.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = String(parts[0]).removingPercentEncoding, !name.isEmpty,
                  let value = String(parts[1]).removingPercentEncoding else {
                throw PresignedURLError.malformed("a query parameter is not name=value")
            }
            guard query[name] == nil else { throw PresignedURLError.malformed("the query repeats \(name.prefix(40))") }
            query[name] = value
        }
        self.bucket = bucket
        self.key = key
        self.query = query
    }
}

/// SigV4's two time texts: `20261122T100000Z` and the scope's day `20261122`.
struct SigV4Date {
    let date: Date
    let text: String
    var day: String { String(text.prefix(8)) }

    init(_ date: Date) {
        let iso = Timestamp.string(date)  // 2026-11-22T10:00:00.000Z
        let digits = iso.prefix(19).filter { $0 != "-" && $0 != ":" }
        self.text = digits + "Z"
        self.date = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    init?(parsing text: String) {
        guard text.range(of: #"^\d{8}T\d{6}Z$"#, options: .regularExpression) != nil else { return nil }
        let digits = Array(text.utf8)
        func part(_ range: Range<Int>) -> String { String(decoding: digits[range], as: UTF8.self) }
        let day = [part(0..<4), part(4..<6), part(6..<8)].joined(separator: "-")
        let time = [part(9..<11), part(11..<13), part(13..<15)].joined(separator: ":")
        guard let date = Timestamp.parse(day + "T" + time + "Z"), SigV4Date(date).text == text else { return nil }
        self.date = date
        self.text = text
    }
}

/// SigV4's URI encoding: every byte but `A-Z a-z 0-9 - _ . ~` percent-encoded (paths keep `/`).
enum SigV4Encoding {
    static func path(_ text: String) -> String { encode(text, keepSlash: true) }

    static func canonicalQuery(_ query: [String: String]) -> String {
        // Names are unique, so sorting by the encoded name is SigV4's order.
        let pairs: [(name: String, value: String)] = query.map { (encode($0.key, keepSlash: false), encode($0.value, keepSlash: false)) }
        return pairs.sorted { $0.name < $1.name }.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    static func encode(_ text: String, keepSlash: Bool) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                result.append("/")
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
