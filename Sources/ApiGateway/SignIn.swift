import Cryptography
import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// `POST /auth {username, password}`: the local stand-in for Cognito's sign-in. Answers a signed
/// bearer token, or one uniform 401 whether the user is unknown or the password wrong (both
/// take one PBKDF2 run). Five attempts for one name within 15 minutes answer 429 for that name
/// until the oldest leaves the window; each attempt is counted (in the users table, so every
/// process sees it) before its password is checked, and a success clears the count.
struct SignIn: Sendable {
    static let maximumFailures = 5
    static let window: TimeInterval = 15 * 60
    static let refused = DomainError.unauthorized("invalid username or password")

    let services: Services
    let context: LambdaContext

    var database: DatabaseClient { DatabaseClient(functions: services.functions, context: context, caller: .userPool) }

    func respond(_ call: PublicCall) async throws -> SignInResult {
        guard let tokens = services.tokens else {
            throw DomainError.notFound("sign-in is provided by the Cognito user pool in this deployment")
        }
        let fields = try call.fields(maximumBytes: 4096)
        let username = try fields.requiredString("username").lowercased()
        let password = try fields.requiredString("password")
        // No user can have a malformed name, so refusing it at once tells nothing.
        guard Validate.isUsername(username) else { throw Self.refused }

        let now = services.clock.now()
        // The attempt is counted before the password is checked, so parallel guesses cannot
        // all be checked while the count is read: the sixth in a window is refused unchecked.
        let reserved = try await reserveAttempt(username, at: now)
        let user = try await database.user(username)
        let matches = PasswordHash.verify(password, against: user?.passwordHash ?? PasswordHash.decoy)
        guard matches, let user else {
            context.logger.warning("sign-in refused", ["username": String(username.prefix(64))])
            throw Self.refused
        }
        var cleared = reserved
        cleared.failures = []
        cleared.version += 1
        try? await database.putSignInFailures(cleared, expectedVersion: reserved.version)
        let token = tokens.issue(
            subject: user.username,
            role: user.role.rawValue,
            clientId: user.clientId,
            now: now,
            username: user.username
        )
        context.logger.info("signed in", ["username": user.username, "role": user.role.rawValue])
        return SignInResult(
            token: token,
            expiresIn: Int(TokenSigner.lifetime),
            expiresAt: Timestamp.string(now.addingTimeInterval(TimeInterval(TokenSigner.lifetime)))
        )
    }

    /// The failures inside the window ending at `now`, oldest first.
    static func recent(_ failures: [String], now: Date) -> [String] {
        failures.filter { text in Timestamp.parse(text).map { now.timeIntervalSince($0) < window } ?? false }
    }

    /// Counts an attempt for the name, conditional on the version read (a concurrent attempt
    /// makes it read again); 429 when the window already holds the maximum. Answers the record
    /// as written, which a successful sign-in then clears.
    private func reserveAttempt(_ username: String, at now: Date) async throws -> SignInFailures {
        for _ in 0..<50 {
            let current = try await database.signInFailures(username) ?? SignInFailures(username: username)
            let recent = Self.recent(current.failures, now: now)
            if recent.count >= Self.maximumFailures, let oldest = recent.first.flatMap(Timestamp.parse) {
                let retry = Timestamp.string(oldest.addingTimeInterval(Self.window))
                throw DomainError.tooManyRequests("too many failed sign-ins for this user; try again after \(retry)")
            }
            var next = current
            next.failures = recent + [Timestamp.string(now)]
            next.version += 1
            do {
                try await database.putSignInFailures(
                    next,
                    expectedVersion: current.version == 0 ? nil : current.version
                )
                return next
            } catch DomainError.conflict {
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...8)))
            }
        }
        throw DomainError.tooManyRequests("too many sign-ins for this user at once; try again in a moment")
    }
}

/// `POST /auth`, the one route that needs no token.
enum SignInRoute {
    static let path = "/auth"
    static let all: [Route] = [
        RouteDeclaration(
            "POST",
            path,
            "signIn",
            "Sign in: a bearer token for a user (local only; on AWS, Cognito signs users in)"
        )
        .body(RequestBodies.signIn)
        .example(body: ["username": "admin", "password": "the password init --sample-data printed"])
        .answersAnyone(SignInResult.self) { call in
            try await SignIn(services: call.services, context: call.context).respond(call)
        }
    ]
}

/// The answer to a successful sign-in, shaped like Cognito's AuthenticationResult.
struct SignInResult: Codable, Sendable {
    var token: String
    var tokenType = "Bearer"
    var expiresIn: Int
    var expiresAt: String

    enum CodingKeys: String, CodingKey {
        case token
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case expiresAt = "expires_at"
    }
}
