import HandlerRuntime
import Shared

/// The users table: users, and the sign-in failures kept beside them under `failures:` keys.
extension DatabaseManagerHandler {
    func user(_ username: String) async throws -> DatabaseClient.Record<User> {
        // `failures:` keys share the table; no username contains a colon.
        guard !username.contains(":") else { return DatabaseClient.Record<User>(nil) }
        return DatabaseClient.Record(
            try await store.get(User.self, from: Tables.users, key: ["username": .string(username)])
        )
    }

    func putUser(_ user: User, expectedVersion: Int?) async throws -> DatabaseClient.Record<User> {
        try await store.put(
            user,
            into: Tables.users,
            key: ["username": .string(user.username)],
            expectedVersion: expectedVersion,
            what: "user \(user.username)"
        )
        return DatabaseClient.Record(user)
    }

    func signInFailures(_ username: String) async throws -> DatabaseClient.Record<SignInFailures> {
        let key = SignInFailures.key(for: username)
        return DatabaseClient.Record(
            try await store.get(SignInFailures.self, from: Tables.users, key: ["username": .string(key)])
        )
    }

    func putSignInFailures(
        _ failures: SignInFailures,
        expectedVersion: Int?
    ) async throws -> DatabaseClient.Record<SignInFailures> {
        try await store.put(
            failures,
            into: Tables.users,
            key: ["username": .string(failures.key)],
            expectedVersion: expectedVersion,
            what: "the sign-in failures of \(failures.key)"
        )
        return DatabaseClient.Record(failures)
    }
}
