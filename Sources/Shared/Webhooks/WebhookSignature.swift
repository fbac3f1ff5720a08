import Cryptography
import Foundation

/// How a webhook is signed, as Stripe signs its webhooks: the header
/// `Testex-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, the HMAC keyed with the endpoint's
/// secret (its UTF-8 bytes, `whsec_` included) over `<t>.<body>`. Signing the time with the body
/// lets a receiver refuse a replayed request: one signed more than `tolerance` ago.
public enum WebhookSignature {
    public static let headerName = "Testex-Signature"
    /// The scheme of the signatures in the header; a receiver ignores schemes it does not know.
    public static let scheme = "v1"
    /// How old a signature a receiver should accept, in seconds (five minutes).
    public static let tolerance: TimeInterval = 300

    /// The header value for `body` sent at `timestamp` (Unix seconds).
    public static func header(secret: String, timestamp: Int, body: Data) -> String {
        "t=\(timestamp),\(scheme)=\(signature(secret: secret, timestamp: timestamp, body: body))"
    }

    /// The hex HMAC-SHA256 of `<timestamp>.<body>` under the secret.
    public static func signature(secret: String, timestamp: Int, body: Data) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        return Hex.encode(HMAC.sha256(key: Data(secret.utf8), data: signed))
    }

    /// What a receiver concludes from a request's header.
    public enum Verification: Sendable, Equatable {
        case valid
        /// The header is not `t=...,v1=...`.
        case malformed
        /// Signed longer ago (or further ahead) than the tolerance.
        case outsideTolerance
        /// No `v1` signature matches the body under the secret.
        case mismatch
    }

    /// Verifies a request as a receiver should: parse the header, check the time against `now`,
    /// recompute the signature over the raw body and compare in constant time.
    public static func verify(
        header: String,
        body: Data,
        secret: String,
        now: Date,
        tolerance: TimeInterval = tolerance
    ) -> Verification {
        var timestamp: Int?
        var signatures: [Data] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return .malformed }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == scheme, let bytes = Hex.decode(pair[1]) { signatures.append(bytes) }
        }
        guard let timestamp, !signatures.isEmpty else { return .malformed }
        guard abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance else { return .outsideTolerance }
        let expected = Hex.decode(signature(secret: secret, timestamp: timestamp, body: body)) ?? Data()
        return signatures.contains { ConstantTime.equals($0, expected) } ? .valid : .mismatch
    }

    /// A new endpoint secret: `whsec_` and 32 random bytes in base64url.
    public static func newSecret() -> String {
        "whsec_" + Base64URL.encode(SecureRandom.bytes(count: 32))
    }
}
