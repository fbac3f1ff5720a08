import Foundation
import Testing

/// Rules that must hold when real processes race: one client per email, at most five password
/// checks per window, one upload per one-use link. Each is one conditional write or transaction,
/// not a read followed by a write.
@Suite("Rules under racing processes")
struct ConcurrentRuleTests {
    static func body(_ result: WriteRaceTests.ProcessResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func eightProcessesCreatingClientsWithOneEmailGiveExactlyOneClient() async throws {
        let binary = try #require(ProcessRaceTests.binary, "testex-local is built alongside the tests")
        for round in 0..<4 {
            let harness = try await Harness.seeded()
            defer { harness.remove() }
            let email = "race\(round)@client.example"
            let commands = (0..<8).map { worker in
                [
                    "api", "POST", "/api/clients", "--as", "admin", "--body",
                    #"{"name":"Racer \#(worker)","email":"\#(worker % 2 == 0 ? email : email.uppercased())"}"#,
                ]
            }
            let results = try await WriteRaceTests.runAll(commands, binary: binary, environment: harness.environment)
            let codes = results.map(\.code).sorted()
            #expect(codes == [0] + Array(repeating: 4, count: 7), "round \(round): exit codes \(codes)")
            let refused = results.filter { $0.code == 4 }.compactMap {
                (Self.body($0)["error"] as? [String: String])?["message"]
            }
            #expect(refused.allSatisfy { $0.contains("already exists") }, "round \(round): \(refused)")
            let clients = try #require(
                try JSONSerialization.jsonObject(with: Data(await harness.run("db", "scan", "clients").stdout.utf8))
                    as? [[String: Any]]
            )
            #expect(clients.filter { ($0["email"] as? String)?.lowercased() == email }.count == 1, "round \(round)")
            #expect(await harness.run("doctor").code == 0, "round \(round): a client without its guard, or the reverse")
        }
    }

    @Test func aBurstOfTwelveWrongPasswordsHasAtMostFiveChecked() async throws {
        let binary = try #require(ProcessRaceTests.binary)
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let guess = ["api", "POST", "/auth", "--body", #"{"username":"admin","password":"not-the-password"}"#]
        let results = try await WriteRaceTests.runAll(
            Array(repeating: guess, count: 12),
            binary: binary,
            environment: harness.environment
        )
        let codes = results.compactMap { (Self.body($0)["error"] as? [String: String])?["code"] }
        #expect(codes.count == 12)
        let checked = codes.filter { $0 == "UNAUTHORIZED" }.count
        #expect(checked <= 5 && checked >= 1, "\(checked) checked: \(codes)")
        #expect(codes.filter { $0 == "TOO_MANY_REQUESTS" }.count == 12 - checked, "\(codes)")
        let passwords = try await Harness.samplePasswords()
        let right = await harness.run(
            "api",
            "POST",
            "/auth",
            "--body",
            #"{"username":"admin","password":"\#(passwords["admin"] ?? "")"}"#
        )
        #expect(right.stderr.hasPrefix("HTTP 429"), "the window holds five: even the right password waits")
    }

    @Test func sixUsesOfAOneUseUploadLinkAtOnceGiveExactlyOneDocument() async throws {
        let binary = try #require(ProcessRaceTests.binary)
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let link = try await PresignedLinkTests.uploadLink(harness)
        let url = try #require(link["url"] as? String)
        let fileId = try #require(link["file_id"] as? String)
        var commands: [[String]] = []
        for worker in 0..<6 {
            let file = PresignedLinkTests.scratch("race-\(worker).txt")
            try Data("upload number \(worker)\n".utf8).write(to: file)
            commands.append(["s3", "put-url", url, "--file", file.path])
        }
        defer {
            for worker in 0..<6 {
                try? FileManager.default.removeItem(at: PresignedLinkTests.scratch("race-\(worker).txt"))
            }
        }
        let results = try await WriteRaceTests.runAll(commands, binary: binary, environment: harness.environment)
        #expect(results.map(\.code).filter { $0 == 0 }.count == 1, "exit codes \(results.map(\.code))")
        let winner = try #require(results.firstIndex { $0.code == 0 })
        let files = try await harness.run("api", "GET", "/api/contracts/CT001ABC/files", "--as", "admin").json()
        #expect((files["items"] as? [[String: Any]] ?? []).filter { $0["file_id"] as? String == fileId }.count == 1)
        let download = try await harness.run("api", "GET", "/api/contracts/CT001ABC/files/\(fileId)", "--as", "admin")
            .json()
        #expect(
            download["content_base64"] as? String == Data("upload number \(winner)\n".utf8).base64EncodedString(),
            "the stored bytes are the winner's"
        )
        #expect(await harness.run("doctor").code == 0)
    }
}
