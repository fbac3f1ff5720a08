import Foundation
import Shared

/// `POST /auth {username, password}`: the local stand-in for Cognito's sign-in. Answers a signed
/// bearer token, or one uniform 401 whether the user is unknown or the password wrong (both
/// take one PBKDF2 run). Five failures for one name within 15 minutes answer 429 for that name
/// until the oldest leaves the window; failures are counted in the users table, so every
/// process sees them.
struct SignIn: Sendable {
    static let maximumFailures = 5
    static let window: TimeInterval = 15 * 60
    static let refused = DomainError.unauthorized("invalid username or password")

    let services: Services
    let context: LambdaContext

    var database: DatabaseClient { DatabaseClient(functions: services.functions, context: context) }

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
        let failures = try await database.signInFailures(username) ?? SignInFailures(username: username)
        let recent = Self.recent(failures.failures, now: now)
        if recent.count >= Self.maximumFailures, let oldest = recent.first.flatMap(Timestamp.parse) {
            let retry = Timestamp.string(oldest.addingTimeInterval(Self.window))
            throw DomainError.tooManyRequests("too many failed sign-ins for this user; try again after \(retry)")
        }
        let user = try await database.user(username)
        let matches = PasswordHash.verify(password, against: user?.passwordHash ?? PasswordHash.decoy)
        guard matches, let user else {
            try await recordFailure(username, at: now)
            context.logger.warning("sign-in refused", ["username": String(username.prefix(64))])
            throw Self.refused
        }
        if !failures.failures.isEmpty {
            var cleared = failures
            cleared.failures = []
            cleared.version += 1
            try? await database.putSignInFailures(cleared, expectedVersion: failures.version)
        }
        let token = tokens.issue(subject: user.username, role: user.role.rawValue, clientId: user.clientId, now: now)
        context.logger.info("signed in", ["username": user.username, "role": user.role.rawValue])
        return SignInResult(token: token, expiresIn: Int(TokenSigner.lifetime),
                            expiresAt: Timestamp.string(now.addingTimeInterval(TimeInterval(TokenSigner.lifetime))))
    }

    /// The failures inside the window ending at `now`, oldest first.
    static func recent(_ failures: [String], now: Date) -> [String] {
        failures.filter { text in Timestamp.parse(text).map { now.timeIntervalSince($0) < window } ?? false }
    }

    /// Adds a failure, conditional on the version read; a concurrent failure makes it read again.
    private func recordFailure(_ username: String, at now: Date) async throws {
        for _ in 0..<5 {
            let current = try await database.signInFailures(username) ?? SignInFailures(username: username)
            var next = current
            next.failures = Array((Self.recent(current.failures, now: now) + [Timestamp.string(now)]).suffix(Self.maximumFailures))
            next.version += 1
            do {
                try await database.putSignInFailures(next, expectedVersion: current.version == 0 ? nil : current.version)
                return
            } catch DomainError.conflict {
                continue
            }
        }
    }
}

/// `POST /auth`, the one route that needs no token.
enum SignInRoute {
    static let path = "/auth"
    static let all: [Route] = [
        RouteDeclaration("POST", path, "signIn",
                         "Sign in: a bearer token for a user (local only; on AWS, Cognito signs users in)")
            .body(RequestBodies.signIn)
            .example(body: ["username": "admin", "password": "the password init --sample-data printed"])
            .answersAnyone(SignInResult.self) { call in
                try await SignIn(services: call.services, context: call.context).respond(call)
            },
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
