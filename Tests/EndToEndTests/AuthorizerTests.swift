import Cryptography
import Foundation
import Shared
import Testing
import WireFormat

/// `testex-local` plays API Gateway's Cognito authorizer in front of ApiGateway.
@Suite("The local authorizer")
struct AuthorizerTests {
    static func part(_ json: String) -> String { Base64URL.encode(Data(json.utf8)) }

    /// An event file for the request, as `generate-event` writes it, decoded for editing.
    static func event(_ harness: Harness, _ words: String...) async throws -> [String: Any] {
        let generated = await harness.run(["generate-event", "api"] + words)
        return try generated.json()
    }

    static func invoke(_ harness: Harness, _ event: [String: Any]) async throws -> (status: Int, body: String) {
        let data = try JSONSerialization.data(withJSONObject: event)
        let result = await harness.run(
            "invoke",
            "ApiGateway",
            "--event",
            "-",
            stdin: String(decoding: data, as: UTF8.self)
        )
        let response = try result.json()
        return (try #require(response["statusCode"] as? Int), response["body"] as? String ?? "")
    }

    static func apiStarts(_ harness: Harness) async -> Int {
        await harness.run("logs", "ApiGateway").stdout.components(separatedBy: "START RequestId:").count - 1
    }

    @Test func tokenMintsAVerifiableTokenForTheRole() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let minted = await harness.run("token", "--as", "client:CL001XYZ")
        #expect(minted.code == 0)
        let token = minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let claims = try TokenSigner.decodeUnverified(token)
        #expect(claims.role == "client" && claims.clientId == "CL001XYZ" && claims.subject == "local-client-CL001XYZ")
        #expect(claims.issuedAt == Int64(Timestamp.parse("2026-11-22T10:00:00Z")!.timeIntervalSince1970))
        let list = await harness.run("api", "GET", "/api/contracts", "--token", token)
        #expect(list.code == 0)
        #expect(await harness.run("token", "--as", "root").code == 2)
        #expect(await harness.run("token").code == 2)
        #expect(await harness.run("api", "GET", "/api/contracts", "--as", "admin", "--token", token).code == 2)
    }

    @Test func expiryIsCheckedWithSixtySecondsOfSkew() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let token = await harness.run("token", "--as", "admin").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        harness.environment["TESTEX_NOW"] = "2026-11-22T11:01:00Z"
        #expect(await harness.run("api", "GET", "/api/contracts/CT001ABC", "--token", token).code == 0)
        harness.environment["TESTEX_NOW"] = "2026-11-22T11:01:01Z"
        let expired = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--token", token)
        #expect(expired.stderr.hasPrefix("HTTP 401"))
        #expect(expired.stdout.contains("expired"))
        harness.environment["TESTEX_NOW"] = "2026-11-22T09:58:59Z"
        #expect(
            await harness.run("api", "GET", "/api/contracts/CT001ABC", "--token", token).stderr.hasPrefix("HTTP 401"),
            "a token from the future"
        )
    }

    @Test func unsignedAndMisSignedTokensNeverReachTheHandler() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let valid = await harness.run("token", "--as", "client:CL001XYZ").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        let parts = valid.split(separator: ".").map(String.init)
        let adminPayload = Self.part(#"{"sub":"x","role":"admin","iat":1795340000,"exp":1795399999}"#)
        let tokens = [
            "none": "\(Self.part(#"{"alg":"none","typ":"JWT"}"#)).\(adminPayload).",
            "none with the client's signature": "\(Self.part(#"{"alg":"none"}"#)).\(parts[1]).\(parts[2])",
            "escalated role": "\(parts[0]).\(adminPayload).\(parts[2])",
            "HS512 header": "\(Self.part(#"{"alg":"HS512","typ":"JWT"}"#)).\(parts[1]).\(parts[2])",
            "truncated signature": "\(parts[0]).\(parts[1]).\(parts[2].dropLast(2))",
            "garbage": "not-a-token",
        ]
        let starts = await Self.apiStarts(harness)
        let before = harness.snapshot()
        for (name, token) in tokens {
            let result = await harness.run("api", "DELETE", "/api/contracts/CT001ABC", "--token", token)
            #expect(result.stderr.hasPrefix("HTTP 401"), "\(name): \(result.stderr)")
            #expect(result.stdout.contains("\"UNAUTHORIZED\""), "\(name)")
        }
        for header in ["Basic YWRtaW46YWRtaW4=", "Bearer", "Token \(valid)", ""] {
            let result = await harness.run("api", "GET", "/api/contracts", "--header", "Authorization: \(header)")
            #expect(result.stderr.hasPrefix("HTTP 401"), "Authorization: \(header)")
        }
        #expect(await Self.apiStarts(harness) == starts, "ApiGateway ran for a refused token")
        #expect(harness.snapshot() == before)
    }

    @Test func asMintsARealTokenSoTheSameVerificationRunsForHTTPAPIsToo() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let v2 = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT002DEF/terminate",
            "--body",
            #"{"reason":"CONVENIENCE"}"#,
            "--as",
            "client:CL001XYZ",
            "--v2"
        )
        #expect(v2.code == 0, "\(v2.stderr) \(v2.stdout)")
        #expect(try v2.json()["terminated_by"] as? String == "local-client-CL001XYZ")
        let other = await harness.run("api", "GET", "/api/contracts/CT003GHI", "--as", "client:CL001XYZ", "--v2")
        #expect(other.stderr.hasPrefix("HTTP 404"))
    }

    @Test func anEventWithABearerHeaderAndNoClaimsIsVerifiedByInvokeToo() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let token = await harness.run("token", "--as", "client:CL001XYZ").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        for version in [[], ["--v2"]] {
            let good = try await Self.event(harness, ["GET", "/api/contracts/CT001ABC", "--token", token] + version)
            #expect(try await Self.invoke(harness, good).status == 200)
            let forbidden = try await Self.event(
                harness,
                ["GET", "/api/contracts/CT003GHI", "--token", token] + version
            )
            #expect(try await Self.invoke(harness, forbidden).status == 404)
            let bad = try await Self.event(
                harness,
                ["GET", "/api/contracts/CT001ABC", "--token", token + "x"] + version
            )
            let refused = try await Self.invoke(harness, bad)
            #expect(refused.status == 401 && refused.body.contains("UNAUTHORIZED"))
        }
    }

    @Test func claimsAWSAlreadyVerifiedAreUsedAsDelivered() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        var event = try await Self.event(harness, "GET", "/api/contracts/CT001ABC", "--as", "admin")
        var headers = try #require(event["headers"] as? [String: Any])
        headers["Authorization"] = "Bearer stale-token-the-authorizer-already-checked"
        event["headers"] = headers
        #expect(try await Self.invoke(harness, event).status == 200)
    }

    static func event(_ harness: Harness, _ words: [String]) async throws -> [String: Any] {
        try await harness.run(["generate-event", "api"] + words).json()
    }
}
