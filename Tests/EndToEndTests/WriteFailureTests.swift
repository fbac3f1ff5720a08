import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A write that fails (a full disk) at any point of a change leaves the whole change or none of
/// it: injected at every write position of a termination and of a client creation, and on a
/// real file system that is full.
@Suite("Failed writes leave whole changes", .serialized)
struct WriteFailureTests {
    typealias Run = ChildProcess.Output

    /// Runs `testex-local` in its own process (a fault is planned once per process).
    static func run(_ binary: URL, _ arguments: [String], _ environment: [String: String]) async throws -> Run {
        try await ChildProcess.run(
            binary,
            arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }
        )
    }

    /// Runs `arguments` with an ENOSPC at write position 1, 2, ... on fresh copies of the seeded
    /// state until a run no longer reaches the position; `check` sees each run and its state.
    static func everyPosition(
        _ arguments: [String],
        check: (Int, Run, Harness) async throws -> Void
    ) async throws -> Int {
        let binary = try #require(ProcessRaceTests.binary, "testex-local is built alongside the tests")
        var position = 1
        while position < 400 {
            let harness = try await Harness.seeded()
            defer { harness.remove() }
            let log = harness.state.appendingPathComponent("fault.log").path
            let environment = harness.environment.merging([
                "TESTEX_STORAGE_FAULT": "enospc@\(position)", "TESTEX_STORAGE_FAULT_LOG": log,
            ]) { $1 }
            let run = try await run(binary, arguments, environment)
            let hit = FileManager.default.fileExists(atPath: log)
            try? FileManager.default.removeItem(atPath: log)
            guard hit else { return position - 1 }
            // The next command finishes what the failed one committed (its closing steps).
            await harness.run("queue", "drain")
            try await check(position, run, harness)
            position += 1
        }
        Issue.record("more than 400 write positions")
        return position
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func aTerminationIsWholeOrAbsentWhereverTheDiskFillsUp() async throws {
        let terminate = [
            "api", "POST", "/api/contracts/CT001ABC/terminate", "--as", "admin", "--header",
            "Idempotency-Key: full-disk",
            "--body", #"{"reason":"MUTUAL_AGREEMENT"}"#,
        ]
        var committed = 0
        var refused = 0
        let positions = try await Self.everyPosition(terminate) { position, run, harness in
            let contract = Self.json(await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin").stdout)
            let audit = Self.json(
                await harness.run("api", "GET", "/api/contracts/CT001ABC/audit", "--as", "admin").stdout
            )
            let terminations = (audit["items"] as? [[String: Any]] ?? []).filter {
                $0["action"] as? String == "TERMINATE_CONTRACT"
            }.count
            let key = await harness.run("db", "get", "idempotency", "terminate#CT001ABC#full-disk")
            if contract["status"] as? String == "TERMINATED" {
                committed += 1
                #expect(
                    contract["version"] as? Int == 2 && terminations == 1 && key.code == 0,
                    "position \(position): a half change"
                )
                // The closing steps: done by this run or by the command after it. The notice is
                // sent at least once: a failure between SES accepting it and its log being
                // written makes the retry send it again, as on AWS.
                let notices = await harness.run("outbox", "list").stdout.split(separator: "\n")
                    .filter { $0.contains("Termination of contract CT001ABC") }
                #expect((1...2).contains(notices.count), "position \(position): \(notices.count) notices")
                #expect(
                    await harness.run("s3", "cat", "s3://development-testex-backups/contracts/CT001ABC/contract.json")
                        .code == 0
                )
            } else {
                refused += 1
                #expect(
                    contract["status"] as? String == "ACTIVE" && contract["version"] as? Int == 1,
                    "position \(position)"
                )
                #expect(
                    terminations == 0 && key.code != 0,
                    "position \(position): an audit entry or key without its change"
                )
                #expect(run.code == 5 && run.stderr.hasPrefix("HTTP 503"), "position \(position): \(run.stderr)")
                #expect(run.stdout.contains("disk is full"), "position \(position): \(run.stdout)")
            }
            let doctor = await harness.run("doctor")
            #expect(doctor.code == 0, "position \(position): \(doctor.stdout)")
        }
        #expect(
            positions > 5 && committed > 0 && refused > 0,
            "\(positions) positions: \(committed) committed, \(refused) refused"
        )
    }

    @Test func aClientCreationIsWholeOrAbsentWhereverTheDiskFillsUp() async throws {
        let create = [
            "api", "POST", "/api/clients", "--as", "admin", "--body",
            #"{"client_id":"CL777NEW","name":"Full Disk Ltd","email":"full@disk.example"}"#,
        ]
        let positions = try await Self.everyPosition(create) { position, run, harness in
            let client = await harness.run("db", "get", "clients", "CL777NEW")
            let guardItem = await harness.run("db", "get", "client-emails", "full@disk.example")
            let audit = await harness.run("db", "scan", "audit-logs")
            let audited = audit.stdout.contains("\"CREATE_CLIENT\"") && audit.stdout.contains("CL777NEW")
            if client.code == 0 {
                #expect(
                    guardItem.code == 0 && audited,
                    "position \(position): a client without its guard or audit entry"
                )
                #expect(run.code == 0, "position \(position): committed but answered \(run.stderr)")
            } else {
                #expect(
                    guardItem.code != 0 && !audited,
                    "position \(position): a guard or audit entry without its client"
                )
                #expect(run.stderr.hasPrefix("HTTP 503"), "position \(position): \(run.stderr)")
            }
            #expect(await harness.run("doctor").code == 0, "position \(position)")
        }
        #expect(positions >= 3)
    }

    /// A tmpfs of a few megabytes, filled to the last byte: a real ENOSPC. Needs root (CI runs as root).
    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func aFullFileSystemRefusesTheChangeAndTheStateStaysWhole() async throws {
        let binary = try #require(ProcessRaceTests.binary)
        let seeded = try await Harness.seeded()
        defer { seeded.remove() }
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("testex-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        defer {
            _ = try? ChildProcess.runBlocking(URL(fileURLWithPath: "/bin/umount"), [mount.path], environment: [:])
            try? FileManager.default.removeItem(at: mount)
        }
        let mounted = try await Self.run(
            URL(fileURLWithPath: "/bin/mount"),
            ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.path],
            [:]
        )
        try #require(mounted.code == 0, "mount failed: \(mounted.stderr)")
        let state = mount.appendingPathComponent("state")
        try FileManager.default.copyItem(at: seeded.state, to: state)
        let filler = mount.appendingPathComponent("filler")
        FileManager.default.createFile(atPath: filler.path, contents: nil)
        let handle = try FileHandle(forWritingTo: filler)
        // Down to the last byte: tmpfs gives out whole pages, so even a small write finds no room.
        for size in [1 << 20, 64 << 10, 4 << 10, 512, 1] {
            let block = Data(count: size)
            while (try? handle.write(contentsOf: block)) != nil {}
        }
        try handle.close()

        let environment = ["TESTEX_STATE_DIR": state.path, "TESTEX_NOW": "2026-11-22T10:00:00Z"]
        let terminate = [
            "api", "POST", "/api/contracts/CT001ABC/terminate", "--as", "admin", "--body",
            #"{"reason":"MUTUAL_AGREEMENT"}"#,
        ]
        let full = try await Self.run(binary, terminate, environment)
        #expect(
            full.code == 5 && full.stderr.hasPrefix("HTTP 503") && full.stdout.contains("disk is full"),
            "\(full.stdout) \(full.stderr)"
        )
        let read = try await Self.run(binary, ["api", "GET", "/api/contracts/CT001ABC", "--as", "admin"], environment)
        #expect(Self.json(read.stdout)["status"] as? String == "ACTIVE")

        try FileManager.default.removeItem(at: filler)
        let retried = try await Self.run(binary, terminate, environment)
        #expect(retried.code == 0, "\(retried.stderr)")
        let outbox = try await Self.run(binary, ["outbox", "list"], environment)
        #expect(
            outbox.stdout.split(separator: "\n").filter { $0.contains("Termination of contract CT001ABC") }.count == 1
        )
        #expect(try await Self.run(binary, ["doctor"], environment).code == 0)
    }
}
