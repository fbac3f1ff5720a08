import Foundation
import LocalAWS
import Shared
import Testing

/// `testex-local doctor` on states damaged on purpose: it names each problem, `--repair` fixes
/// it without losing acknowledged data, and a second check finds the state healthy.
@Suite("doctor")
struct DoctorTests {
    static let contracts = "dynamodb/development-testex-contracts"
    /// Above any pid_max, so no process has it: the writer of a temporary file that is gone.
    static let goneProcess = 99_999_999

    @Test func aFreshStateIsHealthy() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let before = harness.snapshot()
        let result = await harness.run("doctor")
        #expect(result.code == 0, "\(result.stdout)")
        #expect(result.stdout.hasPrefix("healthy: "))
        #expect(harness.snapshot() == before, "a check writes nothing")
    }

    @Test func aTruncatedItemGoesToQuarantineWithItsIndexEntries() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let item = harness.state.appendingPathComponent("\(Self.contracts)/items/CT004JKL.json")
        let bytes = try Data(contentsOf: item)
        try bytes.prefix(bytes.count / 2).write(to: item)

        let check = await harness.run("doctor")
        #expect(check.code == 1)
        #expect(check.stdout.contains("\(Self.contracts)/items/CT004JKL.json: not valid JSON"))
        #expect(
            check.stdout.contains(
                "\(Self.contracts)/indexes/status-index/ACTIVE/CT004JKL,CT004JKL: index entry of an item that no longer matches it"
            )
        )

        let repair = await harness.run("doctor", "--repair")
        #expect(repair.code == 0, "\(repair.stdout)")
        #expect(repair.stdout.contains("moved to quarantine/\(Self.contracts)/items/CT004JKL.json"))
        #expect(
            try Data(
                contentsOf: harness.state.appendingPathComponent("quarantine/\(Self.contracts)/items/CT004JKL.json")
            ) == bytes.prefix(bytes.count / 2)
        )
        #expect(!harness.files(under: Self.contracts + "/indexes").contains { $0.hasSuffix("CT004JKL,CT004JKL") })
        let again = await harness.run("doctor")
        #expect(again.code == 0)
        #expect(again.stdout.contains("note: quarantine/ holds 1 file"))
        // The rest of the table reads as before.
        let list = try await harness.run("api", "GET", "/api/contracts?client_id=CL002ABC", "--as", "admin").json()
        #expect((list["items"] as? [[String: Any]])?.compactMap { $0["contract_id"] as? String } == ["CT003GHI"])
    }

    @Test func strayTemporaryFilesOfGoneProcessesAreRemovedAndThoseOfLiveOnesKept() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let stray = harness.state.appendingPathComponent("\(Self.contracts)/items/.tmp-\(Self.goneProcess)-42")
        let live = harness.state.appendingPathComponent("ses/outbox/.tmp-\(getpid())-42")
        let checkpoint = harness.state.appendingPathComponent(
            "stepfunctions/campaigns/executions/.tmp-\(Self.goneProcess)-7"
        )
        try FileManager.default.createDirectory(
            at: checkpoint.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        for file in [stray, live, checkpoint] { try Data("{\"half".utf8).write(to: file) }

        let check = await harness.run("doctor")
        #expect(check.code == 1)
        #expect(
            check.stdout.contains(
                "\(Self.contracts)/items/.tmp-\(Self.goneProcess)-42: temporary file of an interrupted write (process \(Self.goneProcess) is gone)"
            )
        )
        #expect(!check.stdout.contains(".tmp-\(getpid())"), "a write in progress is no problem")
        #expect(await harness.run("doctor", "--repair").code == 0)
        #expect(
            check.stdout.contains("stepfunctions/campaigns/executions/.tmp-\(Self.goneProcess)-7: temporary file"),
            "an execution's checkpoint whose writer was killed: \(check.stdout)"
        )
        #expect(!FileManager.default.fileExists(atPath: stray.path))
        #expect(!FileManager.default.fileExists(atPath: checkpoint.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
    }

    @Test func indexEntriesAreRebuiltFromTheItems() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let indexes = harness.state.appendingPathComponent("\(Self.contracts)/indexes")
        let missing = indexes.appendingPathComponent("client_id-index/CL001XYZ/CT001ABC,CT001ABC")
        let stale = indexes.appendingPathComponent("status-index/EXPIRED/CT001ABC,CT001ABC")
        try FileManager.default.removeItem(at: missing)
        try FileManager.default.createDirectory(
            at: stale.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try Data().write(to: stale)

        let check = await harness.run("doctor")
        #expect(check.stdout.contains("client_id-index/CL001XYZ/CT001ABC,CT001ABC: index entry missing for an item"))
        #expect(
            check.stdout.contains(
                "status-index/EXPIRED/CT001ABC,CT001ABC: index entry of an item that no longer matches it"
            )
        )
        #expect(check.stdout.contains("2 problems; `testex-local doctor --repair` fixes 2 of them"))
        #expect(await harness.run("doctor", "--repair").code == 0)
        #expect(FileManager.default.fileExists(atPath: missing.path))
        #expect(!FileManager.default.fileExists(atPath: stale.deletingLastPathComponent().path))
    }

    @Test func objectMetadataThatDisagreesWithItsBytesIsRebuiltFromThem() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let directory = "s3/development-testex-files/contracts/CT002DEF/FLSAMPLE0001"
        let metadata = harness.state.appendingPathComponent("\(directory)/maintenance schedule.txt.object.json")
        let original = try Data(contentsOf: metadata)
        let damaged = String(decoding: original, as: UTF8.self).replacingOccurrences(
            of: #"("etag" : "\\")[0-9a-f]{32}"#,
            with: "$1" + String(repeating: "0", count: 32),
            options: .regularExpression
        )
        try Data(damaged.utf8).write(to: metadata)
        let orphan = harness.state.appendingPathComponent("\(directory)/maintenance schedule.txt.0badf00d.object")
        try Data("an interrupted put".utf8).write(to: orphan)

        let check = await harness.run("doctor")
        #expect(
            check.stdout.contains(
                "\(directory)/maintenance schedule.txt.object.json: metadata disagrees with the bytes"
            )
        )
        #expect(
            check.stdout.contains("\(directory)/maintenance schedule.txt.0badf00d.object: data file no metadata names")
        )
        let repair = await harness.run("doctor", "--repair")
        #expect(repair.code == 0, "\(repair.stdout)")
        #expect(try Data(contentsOf: metadata) == original, "rebuilt exactly as the store wrote it")
        #expect(
            FileManager.default.fileExists(
                atPath: harness.state.appendingPathComponent(
                    "quarantine/\(directory)/maintenance schedule.txt.object.json"
                ).path
            )
        )
        #expect(!FileManager.default.fileExists(atPath: orphan.path))
        let download = await harness.run("api", "GET", "/api/contracts/CT002DEF/files/FLSAMPLE0001", "--as", "admin")
        #expect(download.code == 0)
    }

    @Test func documentsWhoseBytesDifferAreReportedForAPerson() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let bucket = harness.state.appendingPathComponent("s3/development-testex-files/contracts/CT002DEF/FLSAMPLE0001")
        let data = try #require(
            try FileManager.default.contentsOfDirectory(atPath: bucket.path).first {
                $0.hasSuffix(".object") && !$0.hasSuffix(".object.json")
            }
        )
        try Data("other bytes".utf8).write(to: bucket.appendingPathComponent(data))

        let repair = await harness.run("doctor", "--repair")
        #expect(repair.code == 1, "the object's metadata is rebuilt, but the bytes are not the document's")
        #expect(
            repair.stdout.contains(
                "not repaired: dynamodb/development-testex-files/items/FLSAMPLE0001.json: s3://development-testex-files/contracts/CT002DEF/FLSAMPLE0001/maintenance schedule.txt holds other bytes than document FLSAMPLE0001"
            )
        )
        #expect(repair.stdout.contains("1 problem needs a person"))
    }

    @Test func outboxLeftoversAndBrokenRecords() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let outbox = harness.state.appendingPathComponent("ses/outbox")
        let unsent = outbox.appendingPathComponent("0100019a3f2b1c4d-8e2f6a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b-000000.eml")
        try Data("From: a@b.c\r\n\r\nhalf a send".utf8).write(to: unsent)
        let record = try #require(
            try FileManager.default.contentsOfDirectory(atPath: outbox.path).first { $0.hasSuffix(".json") }
        )
        let message = outbox.appendingPathComponent(String(record.dropLast(5)) + ".eml")
        let eml = try Data(contentsOf: message)
        try eml.prefix(eml.count - 40).write(to: message)

        let check = await harness.run("doctor")
        #expect(check.stdout.contains("ses/outbox/\(unsent.lastPathComponent): message without its record"))
        #expect(check.stdout.contains("ses/outbox/\(record): its .eml is cut short"))
        #expect(await harness.run("doctor", "--repair").code == 0)
        #expect(!FileManager.default.fileExists(atPath: unsent.path))
        let quarantined = harness.state.appendingPathComponent("quarantine/ses/outbox/\(unsent.lastPathComponent)")
        #expect(
            FileManager.default.fileExists(atPath: quarantined.path),
            "a message without its record is kept, in quarantine"
        )
        #expect(
            FileManager.default.fileExists(
                atPath: harness.state.appendingPathComponent("quarantine/ses/outbox/\(record)").path
            )
        )
        #expect(
            FileManager.default.fileExists(
                atPath: harness.state.appendingPathComponent("quarantine/ses/outbox/\(message.lastPathComponent)").path
            )
        )
        let list = await harness.run("outbox", "list")
        #expect(list.code == 0 && !list.stdout.contains(String(record.dropLast(5))))
    }

    @Test func aTerminationStoppedAfterItsCommitGetsItsClosingStepsOnce() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        // What a process stopped right after the commit leaves: the change and its audit entry, no closing step.
        let stopped = await harness.run(
            "--no-drain",
            "api",
            "POST",
            "/api/contracts/CT002DEF/terminate",
            "--as",
            "admin",
            "--body",
            #"{"reason":"MUTUAL_AGREEMENT"}"#
        )
        #expect(stopped.code == 0)

        let check = await harness.run("doctor")
        #expect(check.code == 1)
        #expect(
            check.stdout.contains(
                "streams/contracts-stream: 1 change(s) of development-testex-contracts not yet delivered to FileHandler"
            ),
            "\(check.stdout)"
        )
        let repair = await harness.run("doctor", "--repair")
        #expect(repair.code == 0, "\(repair.stdout)")
        #expect(repair.stdout.contains("(delivered by the drain that follows)"))
        #expect(await harness.run("doctor", "--repair").stdout.hasPrefix("healthy: "), "nothing is done twice")

        let notices = await harness.run("outbox", "list").stdout.split(separator: "\n").filter {
            $0.contains("Termination of contract CT002DEF")
        }
        #expect(notices.count == 1)
        let audit = try await harness.run("api", "GET", "/api/contracts/CT002DEF/audit", "--as", "admin").json()
        #expect(
            (audit["items"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "TERMINATE_CONTRACT" }.count
                == 1
        )
        let files = try await harness.run("api", "GET", "/api/contracts/CT002DEF/files", "--as", "admin").json()
        #expect((files["items"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "ARCHIVED" } == true)
        #expect(
            await harness.run("s3", "cat", "s3://development-testex-backups/contracts/CT002DEF/contract.json").code == 0
        )
    }

    @Test func aDirectoryThatIsNoStateIsRefused() async throws {
        let harness = Harness()
        try FileManager.default.createDirectory(at: harness.state, withIntermediateDirectories: true)
        defer { harness.remove() }
        let result = await harness.run("doctor")
        #expect(result.code == 2)
        #expect(result.stderr.contains("is not a testex-local state directory"))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File names no command writes: not UTF-8, or holding a line break.
@Suite("doctor and file names")
struct DoctorFileNameTests {
    /// Creates an empty file whose name is `name`'s bytes, in `directory`.
    static func createFile(named name: [UInt8], in directory: URL) throws {
        let path = Array(directory.path.utf8) + [0x2F] + name + [0]
        let fd = path.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { name in
                open(name, O_CREAT | O_WRONLY, 0o644)
            }
        }
        try #require(fd >= 0)
        close(fd)
    }

    @Test func anIndexEntryWhoseNameIsNotUTF8IsQuarantinedAndTheStateHealsForGood() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let partition = harness.state.appendingPathComponent("\(DoctorTests.contracts)/indexes/status-index/ACTIVE")
        try Self.createFile(named: [0xFF, 0xFE, 0x2C, 0x78], in: partition)
        let items = harness.state.appendingPathComponent("\(DoctorTests.contracts)/items")
        try Self.createFile(named: Array("line\nbreak.json".utf8), in: items)

        let check = await harness.run("doctor")
        #expect(check.code == 1)
        #expect(check.stdout.contains("not UTF-8"), "\(check.stdout)")
        #expect(!check.stdout.contains("line\nbreak"), "a name is shown on one line: \(check.stdout)")
        let repair = await harness.run("doctor", "--repair")
        #expect(repair.code == 0, "\(repair.stdout)\(repair.stderr)")
        let again = await harness.run("doctor")
        #expect(again.code == 0, "\(again.stdout)")
        let quarantined = harness.files(under: "quarantine")
        #expect(quarantined.contains { $0.hasSuffix("ACTIVE/%FF%FE,x") }, "\(quarantined)")
        #expect(quarantined.contains { $0.hasSuffix("items/line\nbreak.json") }, "\(quarantined)")
    }
}
