import Foundation
import Testing

@Suite("testex-local commands")
struct CommandLineTests {
    @Test func demoWalksTheWholeFlowOnAFreshState() async throws {
        let harness = Harness()
        defer { harness.remove() }
        let result = await harness.run("demo")
        #expect(result.code == 0, "\(result.stderr)")
        for step in [
            "HTTP 201", "HTTP 200", "HTTP 409", "TERMINATE_CONTRACT", "contract.json", "scope of work.txt",
            "Subject: Termination of contract", "REPORT RequestId:",
        ] {
            #expect(result.stdout.contains(step), "the demo output lacks \(step)")
        }
    }

    @Test func resetEmptiesAStateAndRefusesAForeignDirectory() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        _ = await harness.run("api", "DELETE", "/api/contracts/CT004JKL", "--as", "admin")
        let reset = await harness.run("reset", "--sample-data")
        #expect(reset.code == 0)
        #expect(await harness.run("api", "GET", "/api/contracts/CT004JKL", "--as", "admin").code == 0)

        var foreign = Harness()
        let directory = foreign.state
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        foreign.environment["TESTEX_STATE_DIR"] = directory.path
        defer { foreign.remove() }
        let refused = await foreign.run("reset")
        #expect(refused.code == 2)
        #expect(refused.stderr.contains("not a testex-local state directory"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("notes.txt").path))
    }

    @Test func readCommandsShowTheStandIns() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let tables = await harness.run("db", "tables")
        #expect(
            tables.stdout.contains(
                "development-testex-contracts\tkey: contract_id\tindexes: client_id-index, status-index\titems: 4"
            )
        )
        let item = await harness.run("db", "get", "contracts", "CT001ABC")
        #expect(item.stdout.contains("\"contract_id\" : \"CT001ABC\""))
        #expect(await harness.run("db", "get", "contracts", "CT999999").code == 4)
        #expect(await harness.run("db", "scan", "nope").code == 2)
        let buckets = await harness.run("s3", "ls")
        #expect(buckets.stdout.contains("s3://development-testex-backups  (versioned)"))
        let listing = await harness.run("s3", "ls", "s3://development-testex-files/contracts/")
        #expect(listing.stdout.contains("PRE contracts/CT002DEF/"))
        let object = await harness.run(
            "s3",
            "cat",
            "s3://development-testex-files/contracts/CT002DEF/FLSAMPLE0001/maintenance schedule.txt"
        )
        #expect(object.stdout.contains("Maintenance schedule for CT002DEF"))
        #expect(await harness.run("s3", "cat", "not-a-url").code == 2)
        let outbox = await harness.run("outbox")
        let id = try #require(
            outbox.stdout.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
        )
        let message = await harness.run("outbox", "show", id)
        #expect(message.stdout.contains("Content-Type: multipart/alternative"))
        #expect(await harness.run("outbox", "show", "nope").code == 4)
        let logs = await harness.run("logs", "contract-processor", "--tail", "1")
        #expect(logs.stdout.contains("REPORT RequestId:"))
        #expect(logs.stdout.split(separator: "\n").count == 1)
        #expect(await harness.run("logs", "Nope").code == 2)
        #expect(await harness.run("logs", "ApiGateway", "--tail", "zero").code == 2)
    }

    @Test func helpVersionAndUnknownCommands() async {
        let harness = Harness()
        defer { harness.remove() }
        #expect(await harness.run("help").stdout.contains("Exit codes"))
        #expect(await harness.run("--version").stdout.hasPrefix("testex-local "))
        let unknown = await harness.run("frobnicate")
        #expect(unknown.code == 2)
        #expect(unknown.stderr.contains("unknown command 'frobnicate'"))
        #expect(await harness.run("api", "GET").code == 2)
        #expect(await harness.run("api", "GET", "/api/contracts", "--header", "novalue").code == 2)
    }

    @Test func memoryModeWritesNothing() async {
        let harness = Harness()
        defer { harness.remove() }
        let result = await harness.run("--memory", "init", "--sample-data")
        #expect(result.code == 0)
        #expect(!FileManager.default.fileExists(atPath: harness.state.path))
    }
}
