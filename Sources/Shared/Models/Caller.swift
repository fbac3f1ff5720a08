/// The roles of the API (spec: admin does everything, client only its own, system integrates).
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, client, system
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

    /// Scheduled and internal work acts as this caller.
    public static let scheduler = Caller(subject: "scheduler", role: .system)

    /// Whether this caller may see a record of the given client.
    public func owns(clientId: String) -> Bool {
        role != .client || self.clientId == clientId
    }
}
