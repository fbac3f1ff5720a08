/// The roles of the API (spec: admin does everything, client only its own, system integrates),
/// and `service`: the functions' own work (the contracts stream's consumer, the scheduled rules,
/// the local user pool), which no token can carry.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, client, system, service

    /// The roles a signed-in user (a token) can have.
    public static let signedIn: [Role] = [.admin, .client, .system]
}

/// Who is acting: the verified claims of the request, carried to every function that records or
/// authorizes a change.
public struct Caller: Codable, Sendable, Hashable {
    public var subject: String
    public var role: Role
    public var clientId: String?

    enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case role
        case clientId = "client_id"
    }

    public init(subject: String, role: Role, clientId: String? = nil) {
        self.subject = subject
        self.role = role
        self.clientId = clientId
    }

    /// A function's own work, done as `subject` (recorded as the actor of what it changes).
    public static func service(_ subject: String) -> Caller {
        Caller(subject: subject, role: .service)
    }

    /// The scheduled rules act as this caller.
    public static let scheduler = service("scheduler")

    /// The local stand-in for Cognito's user pool (sign-in, the sample users): the only caller
    /// DatabaseManager answers users and password hashes to.
    public static let userPool = service("user-pool")
}
