import Cryptography
import Foundation
import Shared
import Testing
import WireFormat

@Suite("Signing in with POST /auth")
struct SignInTests {
    static func signIn(_ harness: Harness, _ username: String, _ password: String) async -> Harness.Result {
        await harness.run("api", "POST", "/auth", "--body", #"{"username":"\#(username)","password":"\#(password)"}"#)
    }

    static func error(_ result: Harness.Result) throws -> [String: String] {
        try #require(try result.json()["error"] as? [String: String], "\(result.stdout)")
    }

    @Test func initPrintsOneUserPerRoleWithAPasswordThatSignsIn() async throws {
        let passwords = try await Harness.samplePasswords()
        #expect(Set(passwords.keys) == ["admin", "system", "client-cl001xyz"])
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let result = await Self.signIn(harness, "client-cl001xyz", try #require(passwords["client-cl001xyz"]))
        #expect(result.stderr.hasPrefix("HTTP 200"), "\(result.stderr) \(result.stdout)")
        let body = try result.json()
        #expect(body["token_type"] as? String == "Bearer" && body["expires_in"] as? Int == 3600)
        let token = try #require(body["token"] as? String)
        let claims = try TokenSigner.decodeUnverified(token)
        #expect(claims.subject == "client-cl001xyz" && claims.role == "client" && claims.clientId == "CL001XYZ")
        #expect(claims.expiresAt - claims.issuedAt == 3600)

        let own = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--token", token)
        #expect(own.code == 0, "\(own.stderr)")
        let other = await harness.run("api", "GET", "/api/contracts/CT003GHI", "--token", token)
        #expect(other.stderr.hasPrefix("HTTP 404"))
        let users = await harness.run("db", "scan", "users")
        #expect(!users.stdout.contains(try #require(passwords["admin"])), "a password is stored in clear")
        #expect(users.stdout.contains("pbkdf2-sha256$600000$"))
    }

    @Test func anUnknownUserAndAWrongPasswordGetTheSameAnswer() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let unknown = await Self.signIn(harness, "nobody", "secret")
        let wrong = await Self.signIn(harness, "admin", "secret")
        let malformedName = await Self.signIn(harness, "No Body!", "secret")
        for result in [unknown, wrong, malformedName] {
            #expect(result.stderr.hasPrefix("HTTP 401"))
            #expect(try Self.error(result) == ["code": "UNAUTHORIZED", "message": "invalid username or password"])
        }
    }

    @Test func fiveFailuresLockTheNameForFifteenMinutesWhetherOrNotItExists() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let password = try #require(try await Harness.samplePasswords()["admin"])
        for name in ["admin", "ghost"] {
            for _ in 0..<5 { #expect(await Self.signIn(harness, name, "wrong").stderr.hasPrefix("HTTP 401")) }
            let locked = await Self.signIn(harness, name, name == "admin" ? password : "wrong")
            #expect(locked.stderr.hasPrefix("HTTP 429"), "\(name): \(locked.stderr)")
            #expect(
                try Self.error(locked)["message"]
                    == "too many failed sign-ins for this user; try again after 2026-11-22T10:15:00.000Z"
            )
        }
        let otherUser = await Self.signIn(
            harness,
            "system",
            try #require(try await Harness.samplePasswords()["system"])
        )
        #expect(otherUser.stderr.hasPrefix("HTTP 200"), "the lock is per user")

        harness.environment["TESTEX_NOW"] = "2026-11-22T10:15:00Z"
        let later = await Self.signIn(harness, "admin", password)
        #expect(later.stderr.hasPrefix("HTTP 200"), "\(later.stderr)")
        let failures = try await harness.run("db", "get", "users", "failures:admin").json()
        #expect((failures["failures"] as? [Any])?.isEmpty == true, "a success clears the failures: \(failures)")
    }

    @Test(arguments: [
        ("not JSON", "{", "HTTP 400"), ("no password", #"{"username":"admin"}"#, "HTTP 422"),
        ("wrong type", #"{"username":"admin","password":5}"#, "HTTP 400"),
        ("unknown field", #"{"username":"admin","password":"x","role":"admin"}"#, "HTTP 400"),
        ("huge password", #"{"username":"admin","password":"\#(String(repeating: "x", count: 2000))"}"#, "HTTP 422"),
        ("huge body", #"{"username":"admin","password":"\#(String(repeating: "x", count: 5000))"}"#, "HTTP 413"),
    ])
    func malformedSignInsAreRefusedAndCountNothing(_ name: String, _ body: String, _ status: String) async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let before = harness.snapshot()
        let result = await harness.run("api", "POST", "/auth", "--body", body)
        #expect(result.stderr.hasPrefix(status), "\(name): \(result.stderr)")
        #expect(harness.snapshot() == before, "\(name) changed the state")
    }

    @Test func onlyPostIsARoute() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        #expect(await harness.run("api", "GET", "/auth").stderr.hasPrefix("HTTP 404"))
    }
}

extension TokenSigner {
    /// The claims of a token without checking it (tests read what was issued).
    static func decodeUnverified(_ token: String) throws -> TokenClaims {
        let payload = try #require(Base64URL.decode(String(token.split(separator: ".")[1])))
        return try JSON.decode(TokenClaims.self, from: payload)
    }
}
