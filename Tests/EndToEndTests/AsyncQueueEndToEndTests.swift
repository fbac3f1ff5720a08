import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lambda's asynchronous invocations through `testex-local`: queued durably, run after the
/// command, retried on the back-off `TESTEX_NOW` steps through, dead-lettered, redriven, and
/// never lost when a process dies.
@Suite("Asynchronous invocations end to end")
struct AsyncQueueEndToEndTests {
    /// A FileHandler upload of `a.txt` to a contract, as an event file in the state directory.
    func uploadEvent(_ harness: Harness, contract: String) throws -> String {
        let event =
            #"{"action":"upload","caller":{"sub":"ops","role":"admin"},"contract_id":"\#(contract)","filename":"a.txt","content_type":"text/plain","content_base64":"aGk="}"#
        let path = harness.state.appendingPathComponent("upload-\(contract).json").path
        try FileManager.default.createDirectory(at: harness.state, withIntermediateDirectories: true)
        try Data(event.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func createContract(_ harness: Harness, _ id: String) async throws {
        let body =
            #"{"contract_id":"\#(id)","client_id":"CL001XYZ","contract_type":"SERVICE","start_date":"2026-01-01","end_date":"2027-01-01","value":1}"#
        let created = await harness.run("api", "POST", "/api/contracts", "--body", body, "--as", "admin")
        try #require(created.code == 0, "\(created.stderr)")
    }

    func emails(_ harness: Harness, containing text: String) -> Int {
        harness.files(under: "ses/outbox").filter { $0.hasSuffix(".eml") }.filter { name in
            let data =
                FileManager.default.contents(atPath: harness.state.appendingPathComponent("ses/outbox/\(name)").path)
                ?? Data()
            return String(decoding: data, as: UTF8.self).contains(text)
        }.count
    }

    func queueFiles(_ harness: Harness, _ folder: String) -> [String] {
        harness.files(under: "queue/\(folder)").filter { $0.hasSuffix(".json") }
    }

    @Test func theTerminationsStepsWaitInTheStreamUntilDelivered() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        _ = await harness.run("invoke", "ApiGateway", "--event", "events/api/upload-file.json")
        let terminated = await harness.run(
            "--no-drain",
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--as",
            "admin",
            "--body",
            #"{"reason":"MUTUAL_AGREEMENT"}"#
        )
        #expect(terminated.code == 0)
        #expect(
            try terminated.json()["status"] as? String == "TERMINATED",
            "the state change is the synchronous commit point"
        )
        let listed = await harness.run("stream", "list").stdout.split(separator: "\n")
        #expect(
            listed.last?.contains("MODIFY") == true && listed.last?.contains("contract_id=CT001ABC") == true
                && listed.last?.hasSuffix("waiting") == true,
            "\(listed)"
        )
        #expect(await harness.run("stream", "mappings").stdout.contains("waiting 1"))
        #expect(
            await harness.run("queue", "list").stdout.isEmpty,
            "nothing is queued: the change itself carries its steps"
        )
        #expect(harness.files(under: "s3/development-testex-backups").filter { $0.hasSuffix(".object") }.isEmpty)
        #expect(emails(harness, containing: "Subject: Termination of contract CT001ABC") == 0)

        let drained = await harness.run("queue", "drain")
        #expect(
            drained.stdout.contains("delivered      1 stream record(s) by contracts-stream on attempt 1"),
            "\(drained.stdout)"
        )
        #expect(await harness.run("stream", "list").stdout.split(separator: "\n").last?.hasSuffix("delivered") == true)
        #expect(emails(harness, containing: "Subject: Termination of contract CT001ABC") == 1)
        let archived = await harness.run(
            "s3",
            "ls",
            "--recursive",
            "s3://development-testex-archives/contracts/CT001ABC/"
        )
        #expect(archived.stdout.contains("signed contract.pdf"))
        #expect(queueFiles(harness, "pending").isEmpty && queueFiles(harness, "in-flight").isEmpty)
        for function in ["FileHandler", "NotificationService"] {
            let logs = await harness.run("logs", function)
            #expect(
                logs.stdout.contains("START RequestId:") && logs.stdout.contains("REPORT RequestId:"),
                "\(function) runs are logged"
            )
        }
    }

    @Test func aFailureIsRetriedAfterTheBackOffAndSucceedsOnceTheCauseIsFixed() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let queued = await harness.run(
            "invoke",
            "FileHandler",
            "--async",
            "--event",
            try uploadEvent(harness, contract: "CT777NEW")
        )
        #expect(queued.code == 0)
        #expect(try queued.json()["StatusCode"] as? Int == 202)
        let id = try #require(try queued.json()["RequestId"] as? String)
        #expect(queued.stderr.contains("will retry FileHandler \(id): attempt 1 failed"), "\(queued.stderr)")
        let waiting = try await harness.run("queue", "show", id).json()
        #expect(waiting["next_attempt_at"] as? String == "2026-11-22T10:01:00.000Z")
        #expect(
            (waiting["attempts"] as? [[String: Any]])?.first?["started_at"] as? String == "2026-11-22T10:00:00.000Z"
        )

        harness.environment["TESTEX_NOW"] = "2026-11-22T10:00:30Z"
        try await createContract(harness, "CT777NEW")
        #expect(queueFiles(harness, "pending").count == 1, "not due before 10:01")

        harness.environment["TESTEX_NOW"] = "2026-11-22T10:01:00Z"
        let drained = await harness.run("queue", "drain")
        #expect(drained.stdout.contains("succeeded      FileHandler \(id) on attempt 2"), "\(drained.stdout)")
        let files = await harness.run("api", "GET", "/api/contracts/CT777NEW/files", "--as", "admin")
        #expect(files.stdout.contains("\"filename\" : \"a.txt\""))
        let logs = await harness.run("logs", "FileHandler")
        #expect(
            logs.stdout.components(separatedBy: "START RequestId: \(id)").count - 1 == 2,
            "both attempts are logged under the request id"
        )
    }

    @Test func afterThreeFailuresTheEventIsDeadLetteredAndCanBeRedriven() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let queued = await harness.run(
            "invoke",
            "FileHandler",
            "--async",
            "--event",
            try uploadEvent(harness, contract: "CT778NEW")
        )
        let id = try #require(try queued.json()["RequestId"] as? String)
        for now in ["2026-11-22T10:01:00Z", "2026-11-22T10:03:00Z"] {
            harness.environment["TESTEX_NOW"] = now
            _ = await harness.run("queue", "drain")
        }
        let dlq = await harness.run("queue", "dlq")
        #expect(dlq.stdout.contains("\(id)  FileHandler  RetriesExhausted  attempts 3"), "\(dlq.stdout)")
        #expect(dlq.stdout.contains("NOT_FOUND: contract CT778NEW does not exist"))
        let letter = try await harness.run("queue", "show", id).json()
        #expect(
            (letter["invocation"] as? [String: Any])?["payload"] as? [String: Any] != nil,
            "the dead letter keeps the event"
        )
        #expect((letter["error"] as? [String: Any])?["errorType"] as? String == "DomainError.NOT_FOUND")
        #expect(queueFiles(harness, "pending").isEmpty)

        try await createContract(harness, "CT778NEW")
        let redriven = await harness.run("queue", "redrive", id)
        #expect(
            redriven.code == 0 && redriven.stdout.contains("redriven       FileHandler \(id)"),
            "\(redriven.stdout) \(redriven.stderr)"
        )
        #expect(queueFiles(harness, "dead-letter").isEmpty && queueFiles(harness, "pending").isEmpty)
        let files = await harness.run("api", "GET", "/api/contracts/CT778NEW/files", "--as", "admin")
        #expect(files.stdout.contains("\"filename\" : \"a.txt\""))
        #expect(await harness.run("queue", "redrive", id).code == 4, "nothing left to redrive")
    }

    @Test func aProcessThatCommittedAndStoppedLosesNoClosingStepTheNextCommandRunsThemOnce() async throws {
        let binary = try #require(ProcessRaceTests.binary, "testex-local is built alongside the tests")
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let process = try ProcessRaceTests.spawn(
            binary,
            [
                "--no-drain", "api", "POST", "/api/contracts/CT001ABC/terminate", "--body",
                #"{"reason":"CONVENIENCE"}"#, "--as", "admin",
            ],
            environment: harness.environment
        )
        await process.exited()
        #expect(process.terminationStatus == 0)
        #expect(emails(harness, containing: "Subject: Termination of contract CT001ABC") == 0)

        let next = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin")
        #expect(next.code == 0)
        #expect(await harness.run("stream", "mappings").stdout.contains("waiting 0"))
        #expect(emails(harness, containing: "Subject: Termination of contract CT001ABC") == 1)
        _ = await harness.run("queue", "drain")
        _ = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin")
        #expect(emails(harness, containing: "Subject: Termination of contract CT001ABC") == 1)
        let versions = harness.files(under: "s3/development-testex-backups/contracts/CT001ABC").filter {
            $0.hasSuffix(".object")
        }
        #expect(versions.count == 1, "one backup: \(versions)")
    }

    @Test func anItemLeftInFlightByADeadConsumerIsRecoveredAndRunOnce() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let event =
            #"{"template":"system-alert","to":["ops@client.com"],"values":{"environment":"development","message":"disk full","severity":"HIGH","title":"Disk"},"caller":{"sub":"ops","role":"admin"},"notification_id":"NTINFLIGHT0001"}"#
        let path = harness.state.appendingPathComponent("alert.json")
        try Data(event.utf8).write(to: path)
        _ = await harness.run("--no-drain", "invoke", "NotificationService", "--async", "--event", path.path)
        // The state a consumer killed mid-run leaves: the item renamed into in-flight/, its lock gone with the process.
        let pending = harness.state.appendingPathComponent("queue/pending")
        let notice = try #require(
            queueFiles(harness, "pending").first { name in
                String(
                    decoding: FileManager.default.contents(atPath: pending.appendingPathComponent(name).path) ?? Data(),
                    as: UTF8.self
                )
                .contains("NotificationService")
            }
        )
        let inFlight = harness.state.appendingPathComponent("queue/in-flight")
        try FileManager.default.createDirectory(at: inFlight, withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: pending.appendingPathComponent(notice),
            to: inFlight.appendingPathComponent(notice)
        )
        #expect(await harness.run("queue", "list").stdout.contains("in-flight"))

        let next = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin")
        #expect(next.stderr.contains("re-queued NotificationService"), "\(next.stderr)")
        #expect(queueFiles(harness, "in-flight").isEmpty && queueFiles(harness, "pending").isEmpty)
        #expect(emails(harness, containing: "To: ops@client.com") == 1)
    }

    @Test func aDrainKilledMidwayIsFinishedByTheNextCommand() async throws {
        let binary = try #require(ProcessRaceTests.binary, "testex-local is built alongside the tests")
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let count = 24
        let ids = (0..<count).map { "NTKILL" + String(format: "%08d", $0) }
        for id in ids {
            let request =
                #"{"template":"system-alert","to":["ops@testex-dev.com"],"notification_id":"\#(id)","caller":{"sub":"ops","role":"system"},"values":{"severity":"INFO","title":"\#(id)","message":"m","environment":"development"}}"#
            let queued = await harness.run(
                ["--no-drain", "invoke", "NotificationService", "--async", "--event", "-"],
                stdin: request
            )
            try #require(queued.code == 0, "\(queued.stderr)")
        }
        let before = emails(harness, containing: "NTKILL")
        let drain = try ProcessRaceTests.spawn(binary, ["queue", "drain"], environment: harness.environment)
        let deadline = Date().addingTimeInterval(20)
        while emails(harness, containing: "NTKILL") < before + 3, drain.isRunning, Date() < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
        if drain.isRunning { kill(drain.processIdentifier, SIGKILL) }
        await drain.exited()
        let sentBeforeKill = emails(harness, containing: "NTKILL")
        let leftInFlight = queueFiles(harness, "in-flight").count

        let next = await harness.run("queue", "drain")
        #expect(next.code == 0, "\(next.stderr)")
        if leftInFlight > 0 {
            #expect(
                next.stdout.contains("recovered"),
                "the item the killed drain was running is put back: \(next.stdout)"
            )
        }
        #expect(
            queueFiles(harness, "pending").isEmpty && queueFiles(harness, "in-flight").isEmpty
                && queueFiles(harness, "dead-letter").isEmpty
        )
        let logged = await harness.run("db", "scan", "notifications").stdout
        for id in ids { #expect(logged.contains("\"notification_id\" : \"\(id)\""), "\(id) was lost") }
        // Each alert is sent once; only the one running at the kill may have gone out before its success was recorded.
        let sent = emails(harness, containing: "NTKILL")
        #expect(sent >= count && sent <= count + 1, "sent \(sent) for \(count) (\(sentBeforeKill) before the kill)")
    }
}
