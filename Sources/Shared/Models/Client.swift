/// A client company, in the original system's snake_case JSON.

public struct Client: Codable, Sendable, Hashable {
    public var clientId: String
    public var name: String
    public var email: String
    public var phone: String?
    public var address: String?
    public var status: ClientStatus
    public var createdAt: String
    public var updatedAt: String
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case clientId = "client_id"
        case name, email, phone, address, status
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case version
    }

    public init(
        clientId: String,
        name: String,
        email: String,
        phone: String? = nil,
        address: String? = nil,
        status: ClientStatus = .active,
        createdAt: String,
        updatedAt: String,
        version: Int = 1
    ) {
        self.clientId = clientId
        self.name = name
        self.email = email
        self.phone = phone
        self.address = address
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// Whether a client may hold active contracts.
public enum ClientStatus: String, Codable, Sendable, CaseIterable {
    case active = "ACTIVE"
    case inactive = "INACTIVE"
}

/// The key of a client email's guard item in the `client-emails` table, written with the client
/// in one transaction so no two clients share an email, whatever its case.
public enum ClientEmailGuard {
    public static func key(_ email: String) -> String { email.lowercased() }
}
