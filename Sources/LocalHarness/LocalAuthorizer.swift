import AWSEvents
import ApiGateway
import Foundation
import Shared
import WireFormat

/// API Gateway's Cognito authorizer, played locally in front of ApiGateway: a request with an
/// `Authorization: Bearer <token>` header and no verified claims has its token verified
/// (HS256 signature, expiry and not-before with 60 s of skew) and the claims put where AWS puts
/// them (`requestContext.authorizer.claims`, v2 `authorizer.jwt.claims`); a bad token is
/// answered 401 here and the function never runs. Events that already carry claims, as AWS
/// delivers them after its authorizer ran, pass untouched; so do the public routes.
struct LocalAuthorizer: Sendable {
    let tokens: TokenSigner
    let clock: Clock
    /// The origin answers allow (`ALLOWED_ORIGIN`), on the 401s given here too.
    let origin: String
    /// The user pool's user of a sign-in token, now (nil once removed).
    let user: @Sendable (String) async throws -> User?

    enum Outcome {
        /// Invoke the function with this payload.
        case forward(Data)
        /// Answer this without invoking the function.
        case answer(Data)
    }

    func authorize(_ payload: Data) async -> Outcome {
        // An event that does not decode is the function's to refuse, with its own message.
        guard let event = try? JSON.decode(APIGatewayEvent.self, from: payload), event.claims.isEmpty,
            let header = event.header("Authorization"), !ApiGatewayHandler.isPublic(event)
        else { return .forward(payload) }
        let requestID = event.requestId ?? IDGenerator.requestID()
        do {
            let claims = try tokens.verify(try Self.bearerToken(header), now: clock.now())
            try await checkUser(of: claims)
            return .forward(try Self.inject(claims.authorizerClaims, into: payload, event: event))
        } catch {
            let response = ApiGatewayHandler.unauthorized(
                "bad token: \(error)",
                for: event,
                requestID: requestID,
                origin: origin
            )
            return .answer((try? JSON.encode(response)) ?? Data())
        }
    }

    /// A token issued at sign-in holds while its user does, with the role and client it had:
    /// removing a user (or changing its role) ends its tokens, as disabling a Cognito user does.
    private func checkUser(of claims: TokenClaims) async throws {
        guard let username = claims.username else { return }
        let user = try await user(username)
        guard let user, user.role.rawValue == claims.role, user.clientId == claims.clientId else {
            throw TokenError.malformed(
                "the user \(username.prefix(64)) no longer exists or no longer has this role; sign in again"
            )
        }
    }

    /// The token of `Bearer <token>` (the scheme in any case, as RFC 6750 allows).
    static func bearerToken(_ header: String) throws -> String {
        let parts = header.trimmingWhitespace().split(
            separator: " ",
            maxSplits: 1,
            omittingEmptySubsequences: true
        )
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw TokenError.malformed("the Authorization header must be 'Bearer <token>'")
        }
        return parts[1].trimmingWhitespace()
    }

    /// The event with `claims` where API Gateway's authorizer puts them for this payload version;
    /// other members of `requestContext.authorizer` are kept.
    static func inject(_ claims: [String: String], into payload: Data, event: APIGatewayEvent) throws -> Data {
        func object(_ value: JSONValue?) -> [String: JSONValue] {
            if case .object(let object)? = value { return object }
            return [:]
        }
        let decoded = try JSON.decode(JSONValue.self, from: payload)
        guard case .object = decoded else { return payload }
        var root = object(decoded)
        var context = object(root["requestContext"])
        var authorizer = object(context["authorizer"])
        let values = JSONValue.object(claims.mapValues(JSONValue.string))
        switch event {
        case .v1: authorizer["claims"] = values
        case .v2: authorizer["jwt"] = ["claims": values, "scopes": .null]
        }
        context["authorizer"] = .object(authorizer)
        root["requestContext"] = .object(context)
        return try JSON.encode(JSONValue.object(root))
    }
}
