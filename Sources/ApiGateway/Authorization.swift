import Foundation
import HandlerRuntime
import Shared

/// Who may do what. The caller comes from the verified claims API Gateway's authorizer put into
/// `requestContext.authorizer` (`sub`, `role`, `client_id`, or Cognito's `custom:` names).
enum Authorization {
    static func caller(from claims: [String: String]) throws -> Caller {
        let role = claims["role"] ?? claims["custom:role"]
        guard let subject = claims["sub"] ?? claims["username"] ?? claims["cognito:username"], let role else {
            throw DomainError.unauthorized(
                "no credentials: sign in and send a bearer token (locally: testex-local api ... --as admin)"
            )
        }
        // The subject is recorded as the actor of audit entries and in object metadata.
        guard (1...128).contains(subject.utf8.count),
            !subject.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw DomainError.unauthorized("the sub claim must be 1 to 128 printable characters")
        }
        // `service` is the functions' own work; no token can claim it.
        guard let parsed = Role(rawValue: role.lowercased()), Role.signedIn.contains(parsed) else {
            throw DomainError.forbidden("unknown role '\(role.prefix(40))'")
        }
        let clientId = claims["client_id"] ?? claims["custom:client_id"]
        if parsed == .client {
            guard let clientId, Validate.isId(clientId, prefix: "CL") else {
                throw DomainError.forbidden("a client token must name its client_id")
            }
        }
        return Caller(subject: subject, role: parsed, clientId: clientId)
    }

    /// A client's token is good only while its client is: an INACTIVE (or removed) client's
    /// users are refused, whatever tokens they still hold.
    static func requireActiveClient(_ caller: Caller, _ database: DatabaseClient) async throws {
        guard caller.role == .client, let clientId = caller.clientId else { return }
        guard let client = try await database.client(clientId), client.status == .active else {
            throw DomainError.forbidden("client \(clientId) is not active; its users may no longer use the API")
        }
    }
}
