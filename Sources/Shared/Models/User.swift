/// A person or system that signs in with a password (the local stand-in for a Cognito user):
/// its role and, for a client, the client it acts for. The username is the token's `sub`.
public struct User: Codable, Sendable, Hashable {
    public var username: String
    public var role: Role
    public var clientId: String?
    /// `PasswordHash` text; never the password.
    public var passwordHash: String
    public var createdAt: String
    public var updatedAt: String
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case username, role
        case clientId = "client_id"
        case passwordHash = "password_hash"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case version
    }

    public init(
        username: String,
        role: Role,
        clientId: String? = nil,
        passwordHash: String,
        createdAt: String,
        updatedAt: String,
        version: Int = 1
    ) {
        self.username = username
        self.role = role
        self.clientId = clientId
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// The recent failed sign-ins for one user name, whether or not such a user exists (so a
/// refusal says nothing about which names exist). Kept in the users table under the key
/// `failures:<username>`, which no username can collide with (usernames have no `:`).
public struct SignInFailures: Codable, Sendable, Hashable {
    public var key: String
    /// Times of the failures still inside the counting window, oldest first.
    public var failures: [String]
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case key = "username"
        case failures, version
    }

    public init(username: String, failures: [String] = [], version: Int = 0) {
        self.key = SignInFailures.key(for: username)
        self.failures = failures
        self.version = version
    }

    public static func key(for username: String) -> String { "failures:\(username)" }
}
