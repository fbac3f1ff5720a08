/// The claims of a TESTEX bearer token, as Cognito's ID token carries them: who (`sub`), the
/// role and client, and when it was issued and expires (seconds since 1970).
public struct TokenClaims: Codable, Sendable, Hashable {
    public var subject: String
    public var role: String
    public var clientId: String?
    public var issuedAt: Int64
    public var expiresAt: Int64
    public var notBefore: Int64?
    /// The user pool's user the token was issued to at sign-in (Cognito's `cognito:username`);
    /// absent from the tokens the harness mints for a role (`api --as`, `token --as`).
    public var username: String?

    enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case role
        case clientId = "client_id"
        case issuedAt = "iat"
        case expiresAt = "exp"
        case notBefore = "nbf"
        case username = "cognito:username"
    }

    public init(
        subject: String,
        role: String,
        clientId: String? = nil,
        issuedAt: Int64,
        expiresAt: Int64,
        notBefore: Int64? = nil,
        username: String? = nil
    ) {
        self.username = username
        self.subject = subject
        self.role = role
        self.clientId = clientId
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.notBefore = notBefore
    }

    /// The claims as API Gateway's authorizer hands them to the function: every value as text.
    public var authorizerClaims: [String: String] {
        var claims = ["sub": subject, "role": role, "iat": String(issuedAt), "exp": String(expiresAt)]
        if let clientId { claims["client_id"] = clientId }
        if let notBefore { claims["nbf"] = String(notBefore) }
        if let username { claims["cognito:username"] = username }
        return claims
    }
}
