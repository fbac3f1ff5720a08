import Cryptography
import Foundation
import Shared
import WireFormat

/// Query-string authentication (presigned URLs): the same canonical request and signature as a
/// signed request, with the credential, date, expiry and signed headers in the query and the
/// signature appended as `X-Amz-Signature`, as S3 and botocore make them.
extension SignatureV4 {
    /// The payload hash a presigned S3 request signs: its body is not known when the link is made.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// A presigned request and the steps of its signature.
    public struct PresignedRequest: Sendable {
        public let url: String
        public let canonicalRequest: String
        public let stringToSign: String
        public let signature: String
    }

    /// Presigns `request` at `date` for `expires` seconds. `origin` is `scheme://host[:port]` and
    /// `host` the `Host` value a client will send (both from the same URL). The request's query
    /// items are the operation's parameters; they come first in the URL, in their order, then
    /// the authentication parameters (the session token among them for temporary credentials).
    /// Headers the request carries are signed too, and a client must send them as they are.
    public func presign(
        _ request: AWSRequest,
        origin: String,
        host: String,
        date: Date,
        expires: Int
    ) -> PresignedRequest {
        let timestamp = Self.timestamp(date)
        var headers = request.headers
        if !headers.contains(where: { $0.name.lowercased() == "host" }) { headers.append(("Host", host)) }
        var authentication: [(name: String, value: String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope(day: String(timestamp.prefix(8))))"),
            ("X-Amz-Date", timestamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", canonicalHeaders(headers).signedHeaders),
        ]
        if let token = credentials.sessionToken { authentication.append(("X-Amz-Security-Token", token)) }
        let query = request.query + authentication
        let payloadHash = service == "s3" ? Self.unsignedPayload : Digest.sha256(request.body).hexEncodedString
        let signed = signature(
            method: request.method,
            path: request.path,
            query: query,
            headers: headers,
            payloadHash: payloadHash,
            timestamp: timestamp
        )
        let encodedQuery = AWSRequest(method: request.method, query: query).encodedQuery
        let path = request.path.isEmpty ? "/" : URIEncoding.encode(request.path, keepingSlash: true)
        let url = origin + path + "?" + encodedQuery + "&X-Amz-Signature=" + signed.signature
        return PresignedRequest(
            url: url,
            canonicalRequest: signed.canonicalRequest,
            stringToSign: signed.stringToSign,
            signature: signed.signature
        )
    }
}
