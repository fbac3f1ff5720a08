import Foundation
import LocalAWS
import Testing

/// A token ends with what it stands for: its user removed, or its client made INACTIVE.
@Suite("Tokens of removed users and inactive clients")
struct TokenRevocationTests {
    @Test func aSignInTokenStopsWorkingWhenItsUserIsRemoved() async throws {
        let passwords = try await Harness.samplePasswords()
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let signIn = await SignInTests.signIn(harness, "client-cl001xyz", try #require(passwords["client-cl001xyz"]))
        let token = try #require(try signIn.json()["token"] as? String)
        #expect(await harness.run("api", "GET", "/api/contracts/CT001ABC", "--token", token).code == 0)

        let store = FileTableStore(root: harness.state.appendingPathComponent("dynamodb"))
        _ = try await store.deleteItem(
            table: "development-testex-users",
            key: ["username": "client-cl001xyz"],
            condition: nil
        )
        let after = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--token", token)
        #expect(after.stderr.hasPrefix("HTTP 401"), "\(after.stderr) \(after.stdout)")
        #expect(after.stdout.contains("no longer exists"))
    }

    @Test func anInactiveClientsTokensAreRefused() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let token = await harness.run("token", "--as", "client:CL001XYZ").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(await harness.run("api", "GET", "/api/contracts/CT001ABC", "--token", token).code == 0)
        let deactivated = await harness.run(
            "api",
            "PUT",
            "/api/clients/CL001XYZ",
            "--as",
            "admin",
            "--body",
            #"{"status":"INACTIVE"}"#
        )
        #expect(deactivated.code == 0, "\(deactivated.stderr) \(deactivated.stdout)")
        let before = harness.snapshot()
        let refused = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--token",
            token,
            "--body",
            #"{"reason":"OTHER"}"#
        )
        #expect(refused.stderr.hasPrefix("HTTP 403"), "\(refused.stderr) \(refused.stdout)")
        #expect(harness.snapshot() == before)
        let read = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--token", token)
        #expect(read.stderr.hasPrefix("HTTP 403"), "an inactive client's token reads nothing either")
    }
}
