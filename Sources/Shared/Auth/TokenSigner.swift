import Cryptography
import Foundation
import WireFormat

/// Issues and verifies HS256 JSON Web Tokens (RFC 7519) with one secret key: the local stand-in
/// for Cognito's user pool. Only HS256 is accepted, whatever a token's header says, so `none`
/// and algorithm-confusion tokens are refused before their signature is even read.
public struct TokenSigner: Sendable {
    /// How long a token is valid.
    public static let lifetime: Int64 = 3600
    /// How far clocks may disagree when checking `exp`, `nbf` and `iat`.
    public static let clockSkew: Int64 = 60
    /// A longer Authorization value is refused unread.
    public static let maximumTokenBytes = 8192

    private let key: Data

    public init(key: Data) {
        precondition(key.count >= 32, "an HS256 key needs at least 256 bits")
        self.key = key
    }

    /// A token for the caller, valid for `lifetime` seconds from `now`; `username` names the
    /// user it was issued to at sign-in.
    public func issue(subject: String, role: String, clientId: String?, now: Date, username: String? = nil) -> String {
        let issued = Int64(now.timeIntervalSince1970.rounded(.down))
        return sign(
            TokenClaims(
                subject: subject,
                role: role,
                clientId: clientId,
                issuedAt: issued,
                expiresAt: issued + Self.lifetime,
                username: username
            )
        )
    }

    /// The compact serialization of `claims`, signed.
    public func sign(_ claims: TokenClaims) -> String {
        let header = Base64URL.encode(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode((try? JSON.encode(claims)) ?? Data("{}".utf8))
        let signature = HMAC.sha256(key: key, data: Data("\(header).\(payload)".utf8))
        return "\(header).\(payload).\(Base64URL.encode(signature))"
    }

    /// The verified claims of `token` at `now`, or the reason it is refused.
    public func verify(_ token: String, now: Date) throws -> TokenClaims {
        guard token.utf8.count <= Self.maximumTokenBytes else {
            throw TokenError.malformed("the token is longer than \(Self.maximumTokenBytes) bytes")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw TokenError.malformed("a token has three dot-separated parts") }
        guard let headerData = Base64URL.decode(parts[0]),
            let header = try? JSON.decode([String: JSONValue].self, from: headerData)
        else {
            throw TokenError.malformed("the token header is not base64url JSON")
        }
        guard header["alg"] == .string("HS256") else {
            throw TokenError.algorithm(
                "tokens must be signed with HS256, not \(header["alg"]?.stringValue?.prefix(20) ?? "nothing")"
            )
        }
        if let type = header["typ"], type != .string("JWT") { throw TokenError.malformed("the token type must be JWT") }
        guard let signature = Base64URL.decode(parts[2]),
            ConstantTime.equals(signature, HMAC.sha256(key: key, data: Data("\(parts[0]).\(parts[1])".utf8)))
        else {
            throw TokenError.signature
        }
        guard let payload = Base64URL.decode(parts[1]), let claims = try? JSON.decode(TokenClaims.self, from: payload),
            !claims.subject.isEmpty, claims.subject.utf8.count <= 128
        else {
            throw TokenError.malformed("the token claims lack sub, role, iat or exp")
        }
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        // Compared on the side of `now`, so a forged huge `exp` cannot overflow.
        guard seconds - Self.clockSkew <= claims.expiresAt else { throw TokenError.expired }
        guard (claims.notBefore ?? claims.issuedAt) <= seconds + Self.clockSkew,
            claims.issuedAt <= seconds + Self.clockSkew
        else {
            throw TokenError.notYetValid
        }
        return claims
    }
}

/// Why a bearer token was refused.
public enum TokenError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)
    case algorithm(String)
    case signature
    case expired
    case notYetValid

    public var description: String {
        switch self {
        case .malformed(let message), .algorithm(let message): message
        case .signature: "the token signature does not verify"
        case .expired: "the token has expired; sign in again"
        case .notYetValid: "the token is not valid yet"
        }
    }
}
