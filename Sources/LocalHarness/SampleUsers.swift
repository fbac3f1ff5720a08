import Cryptography
import Foundation
import HandlerRuntime
import Shared

/// The users `init --sample-data` creates, one per role, each with a random password printed
/// once and stored only as a PBKDF2 hash. Local only: real users live in the Cognito user pool.
public enum SampleUsers {
    /// A created user and the password to sign in with.
    public struct Credential: Sendable, Hashable {
        public let username: String
        public let role: Role
        public let clientId: String?
        public let password: String
    }

    static let users: [(username: String, role: Role, clientId: String?)] = [
        ("admin", .admin, nil),
        ("system", .system, nil),
        ("client-cl001xyz", .client, "CL001XYZ"),
    ]

    /// Creates the sample users that are not there yet and returns their credentials; existing
    /// users keep their passwords (nobody can read them back).
    public static func seed(_ system: LocalSystem) async throws -> [Credential] {
        let missing = try await missingUsers(system)
        // Each hash takes a few hundred milliseconds by design; they run side by side.
        let hashed = await withTaskGroup(of: (Int, String, String).self) { group in
            for index in missing.indices {
                group.addTask {
                    let password = randomPassword()
                    return (index, password, PasswordHash.make(password))
                }
            }
            var results: [(Int, String, String)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        var created: [Credential] = []
        let now = system.services.now
        for (index, password, hash) in hashed {
            let user = missing[index]
            let record = User(
                username: user.username,
                role: user.role,
                clientId: user.clientId,
                passwordHash: hash,
                createdAt: now,
                updatedAt: now
            )
            do {
                let call = DatabaseCall(.putUser(record, expectedVersion: nil), for: .userPool)
                _ = try await system.lambda.invoke(
                    .databaseManager,
                    call,
                    as: DatabaseClient.Record<User>.self,
                    parent: nil
                )
                created.append(
                    Credential(username: user.username, role: user.role, clientId: user.clientId, password: password)
                )
            } catch DomainError.conflict {
                continue
            }
        }
        return created
    }

    /// The sample users not in the users table yet.
    private static func missingUsers(
        _ system: LocalSystem
    ) async throws -> [(username: String, role: Role, clientId: String?)] {
        var missing: [(username: String, role: Role, clientId: String?)] = []
        for user in users {
            let call = DatabaseCall(.getUser(username: user.username), for: .userPool)
            let found = try await system.lambda.invoke(
                .databaseManager,
                call,
                as: DatabaseClient.Record<User>.self,
                parent: nil
            )
            if found.record == nil { missing.append(user) }
        }
        return missing
    }

    /// 20 characters from an alphabet without look-alikes (over 110 bits), drawn without modulo bias.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        let usable = UInt8(256 / alphabet.count * alphabet.count - 1)
        var password = ""
        while password.count < 20 {
            for byte in SecureRandom.bytes(count: 32) where byte <= usable && password.count < 20 {
                password.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return password
    }
}
