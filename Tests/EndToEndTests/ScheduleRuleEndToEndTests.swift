import Foundation
import Shared
import Testing

/// Each schedule rule through `testex-local`, driven by `TESTEX_NOW` and the event files, and
/// run twice for the same time to show the second run changes nothing.
@Suite("Schedule rules end to end")
struct ScheduleRuleEndToEndTests {
    /// The contract ids a run reports as changed.
    func changed(_ result: Harness.Result) throws -> [String] {
        try #require(try result.json()["changed"] as? [[String: Any]], "\(result.stdout) \(result.stderr)").compactMap {
            $0["contract_id"] as? String
        }
    }

    /// Runs the command again and checks it changes nothing and reports nothing changed.
    func expectSecondRunChangesNothing(_ harness: Harness, _ words: [String]) async throws {
        let before = harness.snapshot()
        let again = await harness.run(words)
        #expect(again.code == 0, "\(again.stderr)")
        #expect(try changed(again).isEmpty)
        #expect(harness.snapshot() == before, "a second run for the same time wrote something")
    }

    func contract(_ harness: Harness, _ id: String) async throws -> [String: Any] {
        try await harness.run("api", "GET", "/api/contracts/\(id)", "--as", "admin").json()
    }

    func subjects(_ harness: Harness) async -> [String] {
        await harness.run("outbox", "list").stdout.split(separator: "\n").map {
            String($0.split(separator: "  ").last ?? "")
        }
    }

    @Test(arguments: EventFileTests.files("schedule"))
    func everyScheduleEventFileRunsThroughInvokeOfItsTarget(_ file: String) async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let rule = try #require(Schedules.rule(named: name))
        let result = await harness.run("invoke", rule.target.rawValue, "--event", file)
        #expect(result.code == 0, "\(file): \(result.stdout) \(result.stderr)")
        if rule.target == .contractProcessor {
            #expect(name == (try result.json()["rule"] as? String))
        } else {
            #expect(try result.json()["attempts"] is [Any], "the retry rule answers the attempts it made")
        }
    }

    @Test func contractExpiryExpiresEndedContractsAuditsAndNotifiesOnce() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let words = ["invoke", "ContractProcessor", "--event", "events/schedule/contract-expiry.json"]
        #expect(try changed(await harness.run(words)) == ["CT004JKL"])
        #expect(try await contract(harness, "CT004JKL")["status"] as? String == "EXPIRED")
        #expect(try await contract(harness, "CT002DEF")["status"] as? String == "ACTIVE")
        let audit = await harness.run("api", "GET", "/api/contracts/CT004JKL/audit", "--as", "admin")
        #expect(audit.stdout.contains("EXPIRE_CONTRACT"))
        #expect(await subjects(harness).filter { $0 == "Contract CT004JKL is now EXPIRED" }.count == 1)
        try await expectSecondRunChangesNothing(harness, words)
        try await expectSecondRunChangesNothing(harness, ["schedule", "run", "contract-expiry"])
    }

    @Test func pendingTerminationsAreFinalizedOnTheirDateWithBackupAndArchive() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        _ = await harness.run("invoke", "ApiGateway", "--event", "events/api/upload-file.json")
        let scheduled = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--as",
            "admin",
            "--body",
            #"{"reason":"MUTUAL_AGREEMENT","effective_date":"2026-12-01"}"#
        )
        #expect(try scheduled.json()["pending_termination"] as? Bool == true)
        #expect(await subjects(harness).contains("Scheduled termination of contract CT001ABC on 2026-12-01"))
        #expect(try changed(await harness.run("schedule", "run", "pending-terminations")).isEmpty)

        harness.environment["TESTEX_NOW"] = "2026-12-01T00:00:00Z"
        #expect(try changed(await harness.run("schedule", "run", "pending-terminations")) == ["CT001ABC"])
        let terminated = try await contract(harness, "CT001ABC")
        #expect(terminated["status"] as? String == "TERMINATED" && terminated["pending_termination"] == nil)
        #expect(terminated["terminated_at"] as? String == "2026-12-01T00:00:00.000Z")
        let backup = await harness.run("s3", "cat", "s3://development-testex-backups/contracts/CT001ABC/contract.json")
        #expect(backup.stdout.contains("\"pending_termination\" : true"), "the backup is the contract as it was")
        let archived = await harness.run(
            "s3",
            "ls",
            "--recursive",
            "s3://development-testex-archives/contracts/CT001ABC/"
        )
        #expect(archived.stdout.contains("signed contract.pdf"))
        try await expectSecondRunChangesNothing(harness, ["schedule", "run", "pending-terminations"])
    }

    @Test func renewalRemindersAreSentOnceNeverTwice() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let words = ["invoke", "ContractProcessor", "--event", "events/schedule/renewal-reminders.json"]
        #expect(try changed(await harness.run(words)) == ["CT002DEF"])
        try await expectSecondRunChangesNothing(harness, words)
        harness.environment["TESTEX_NOW"] = "2026-11-23T08:00:00Z"
        #expect(try changed(await harness.run("schedule", "run", "renewal-reminders")).isEmpty)
        #expect(await subjects(harness).filter { $0 == "Contract CT002DEF ends on 2026-12-15" }.count == 1)
        let record = await harness.run("db", "get", "idempotency", "renewal-reminder#CT002DEF#2026-12-15")
        #expect(
            record.code == 0 && record.stdout.contains("notification_id"),
            "the reminder is recorded: \(record.stdout) \(record.stderr)"
        )
    }

    @Test func fileLifecycleMovesTheDocumentsOfContractsClosedLongEnoughAgo() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        harness.environment["TESTEX_NOW"] = "2026-12-16T00:00:00Z"
        #expect(try changed(await harness.run("schedule", "run", "contract-expiry")) == ["CT002DEF", "CT004JKL"])
        harness.environment["TESTEX_NOW"] = "2027-01-15T03:30:00Z"
        harness.environment["ARCHIVE_AFTER_DAYS"] = "60"
        // CT004JKL ended 2026-10-31, more than 60 days before; CT002DEF on 2026-12-15.
        #expect(try changed(await harness.run("schedule", "run", "file-lifecycle")) == ["CT004JKL"])
        harness.environment["ARCHIVE_AFTER_DAYS"] = nil
        #expect(try changed(await harness.run("schedule", "run", "file-lifecycle")) == ["CT002DEF"])
        let archived = await harness.run(
            "s3",
            "ls",
            "--recursive",
            "s3://development-testex-archives/contracts/CT002DEF/"
        )
        #expect(archived.stdout.contains("maintenance schedule.txt"))
        let left = await harness.run("s3", "ls", "--recursive", "s3://development-testex-files/contracts/CT002DEF/")
        #expect(left.stdout.isEmpty)
        #expect(
            try await contract(harness, "CT002DEF")["documents_archived_at"] as? String == "2027-01-15T03:30:00.000Z"
        )
        try await expectSecondRunChangesNothing(harness, ["schedule", "run", "file-lifecycle"])
    }

    @Test func scheduleCommandsRefuseUnknownRulesAndTimes() async throws {
        let harness = Harness()
        defer { harness.remove() }
        for words in [
            ["schedule", "run", "tidy-up"], ["schedule", "run", "contract-expiry", "--at", "yesterday"],
            ["generate-event", "schedule", "nope"], ["schedule", "fly"],
        ] {
            let result = await harness.run(words)
            #expect(result.code == 2 && result.stderr.hasPrefix("testex-local: "), "\(words): \(result.stderr)")
        }
        let listed = await harness.run("schedule", "list")
        #expect(
            listed.stdout.contains("contract-expiry") && listed.stdout.contains("rate(1 hour)")
                && listed.stdout.contains("next 2026-11-22T11:00:00.000Z")
        )
    }
}
