import Cryptography
import Foundation
import Shared
import WireFormat

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`): the canonical request, the string to sign,
/// the derived key and the `Authorization` header, with HMAC-SHA256 and SHA-256 from libcrypto.
public struct SignatureV4: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    /// The signing name of the service (`dynamodb`, `s3`, `ses`, `lambda`).
    public let service: String
    /// Every service but S3 signs the path with `.` and `..` segments and repeated slashes
    /// removed; S3 signs the key exactly as sent.
    public let normalizesPath: Bool

    public init(credentials: AWSCredentials, region: String, service: String, normalizesPath: Bool? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizesPath = normalizesPath ?? (service != "s3")
    }

    /// Each step of one signature, kept so tests can compare them with the published vectors.
    public struct Signature: Sendable {
        public let canonicalRequest: String
        public let stringToSign: String
        public let signature: String
        public let authorization: String
        /// The headers the request must carry: its own plus `X-Amz-Date`, the token, the payload
        /// hash when signed, and `Authorization`.
        public let headers: [(name: String, value: String)]
    }

    /// Signs `request` at `date`. `host` is the `Host` header the request will be sent with
    /// (`host:port` for a port that is not the scheme's default); it is added when the request
    /// has none. With `signingPayload`, `X-Amz-Content-Sha256` is added and signed (S3 requires it).
    public func sign(_ request: AWSRequest, host: String?, date: Date, signingPayload: Bool = false) -> Signature {
        let timestamp = Self.timestamp(date)
        let day = String(timestamp.prefix(8))
        let payloadHash = Digest.sha256(request.body).hexEncodedString
        var headers = request.headers
        if let host, !headers.contains(where: { $0.name.lowercased() == "host" }) { headers.append(("Host", host)) }
        headers.append(("X-Amz-Date", timestamp))
        if let token = credentials.sessionToken { headers.append(("X-Amz-Security-Token", token)) }
        if signingPayload { headers.append(("X-Amz-Content-Sha256", payloadHash)) }

        let signed = signature(
            method: request.method,
            path: request.path,
            query: request.query,
            headers: headers,
            payloadHash: payloadHash,
            timestamp: timestamp
        )
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope(day: day)), "
            + "SignedHeaders=\(signed.signedHeaders), Signature=\(signed.signature)"
        headers.append(("Authorization", authorization))
        return Signature(
            canonicalRequest: signed.canonicalRequest,
            stringToSign: signed.stringToSign,
            signature: signed.signature,
            authorization: authorization,
            headers: headers
        )
    }

    /// The steps every signature takes, whether it travels in `Authorization` or in the query:
    /// the canonical request, the string to sign, and the signature with the derived key.
    public func signature(
        method: String,
        path: String,
        query: [(name: String, value: String)],
        headers: [(name: String, value: String)],
        payloadHash: String,
        timestamp: String
    )
        -> (canonicalRequest: String, stringToSign: String, signature: String, signedHeaders: String)
    {
        let day = String(timestamp.prefix(8))
        let canonical = canonicalHeaders(headers)
        let canonicalRequest = [
            method,
            canonicalURI(path),
            Self.canonicalQuery(query),
            canonical.lines,
            canonical.signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let requestHash = Digest.sha256(Data(canonicalRequest.utf8)).hexEncodedString
        let stringToSign = ["AWS4-HMAC-SHA256", timestamp, scope(day: day), requestHash].joined(separator: "\n")
        let signature = HMAC.sha256(key: signingKey(day: day), data: Data(stringToSign.utf8)).hexEncodedString
        return (canonicalRequest, stringToSign, signature, canonical.signedHeaders)
    }

    /// `<day>/<region>/<service>/aws4_request`, the credential scope.
    func scope(day: String) -> String {
        "\(day)/\(region)/\(service)/aws4_request"
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
    func signingKey(day: String) -> Data {
        let dateKey = HMAC.sha256(key: Data("AWS4\(credentials.secretAccessKey)".utf8), data: Data(day.utf8))
        let regionKey = HMAC.sha256(key: dateKey, data: Data(region.utf8))
        let serviceKey = HMAC.sha256(key: regionKey, data: Data(service.utf8))
        return HMAC.sha256(key: serviceKey, data: Data("aws4_request".utf8))
    }

    /// The path encoded once, segment by segment (normalized first unless S3).
    func canonicalURI(_ path: String) -> String {
        let path = normalizesPath ? Self.removingDotSegments(path) : path
        return path.isEmpty ? "/" : URIEncoding.encode(path, keepingSlash: true)
    }

    /// Items encoded, then sorted by name and value (no credential enters it).
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map {
            (URIEncoding.encode($0.name), URIEncoding.encode($0.value))
        }
        let sorted = encoded.sorted {
            (left: (name: String, value: String), right: (name: String, value: String)) -> Bool in
            left.name == right.name ? left.value < right.value : left.name < right.name
        }
        return sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    /// `name:value` lines sorted by lower-cased name, repeated names joined with commas, values
    /// trimmed with inner runs of white space collapsed to one space.
    func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (lines: String, signedHeaders: String) {
        var values: [String: [String]] = [:]
        for header in headers {
            values[header.name.lowercased(), default: []].append(Self.collapsingWhitespace(header.value))
        }
        let names = values.keys.sorted()
        let lines = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (lines, names.joined(separator: ";"))
    }

    static func collapsingWhitespace(_ value: String) -> String {
        let separators: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
        return value.split(whereSeparator: separators.contains).joined(separator: " ")
    }

    /// `/a/./b/../c//` -> `/a/c/`: RFC 3986 dot-segment removal plus empty segments dropped.
    static func removingDotSegments(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        let joined = "/" + segments.joined(separator: "/")
        return path.hasSuffix("/") && !segments.isEmpty ? joined + "/" : joined
    }

    /// `20150830T123600Z`, the basic ISO-8601 form of `X-Amz-Date`.
    public static func timestamp(_ date: Date) -> String {
        let parts = UTCParts(date)
        return Digits.padded(parts.year, 4) + Digits.padded(parts.month, 2) + Digits.padded(parts.day, 2) + "T"
            + Digits.padded(parts.hour, 2) + Digits.padded(parts.minute, 2) + Digits.padded(parts.second, 2) + "Z"
    }
}
