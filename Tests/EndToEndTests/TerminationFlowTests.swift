import Foundation
import Testing

@Suite("The termination flow end to end")
struct TerminationFlowTests {
    /// What a termination of CT001ABC must leave behind, whichever way it was sent.
    func expectTerminated(_ harness: Harness) async throws {
        let contract = try await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin").json()
        #expect(contract["status"] as? String == "TERMINATED")
        #expect(contract["termination_reason"] as? String == "MUTUAL_AGREEMENT")
        #expect(contract["terminated_at"] as? String == "2026-11-22T10:00:00.000Z")

        let audit = try await harness.run("api", "GET", "/api/contracts/CT001ABC/audit", "--as", "admin").json()
        let actions = (audit["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        #expect(actions.filter { $0 == "TERMINATE_CONTRACT" }.count == 1)

        let backups = harness.files(under: "s3/development-testex-backups/contracts/CT001ABC")
        #expect(backups.contains { $0.hasSuffix(".object") }, "backup object: \(backups)")
        let backup = await harness.run("s3", "cat", "s3://development-testex-backups/contracts/CT001ABC/contract.json")
        #expect(backup.stdout.contains("\"status\" : \"ACTIVE\""), "the backup holds the contract as it was")

        let files = try await harness.run("api", "GET", "/api/contracts/CT001ABC/files", "--as", "admin").json()
        let records = files["items"] as? [[String: Any]] ?? []
        #expect(
            !records.isEmpty
                && records.allSatisfy {
                    $0["status"] as? String == "ARCHIVED" && $0["bucket"] as? String == "development-testex-archives"
                }
        )
        let archived = await harness.run(
            "s3",
            "ls",
            "--recursive",
            "s3://development-testex-archives/contracts/CT001ABC/"
        )
        #expect(archived.stdout.contains("signed contract.pdf"))
        let left = await harness.run("s3", "ls", "--recursive", "s3://development-testex-files/contracts/CT001ABC/")
        #expect(left.stdout.isEmpty, "documents left in the files bucket: \(left.stdout)")

        let notices = harness.files(under: "ses/outbox").filter { $0.hasSuffix(".eml") }.compactMap { name -> String? in
            let text = String(
                decoding: FileManager.default.contents(
                    atPath: harness.state.appendingPathComponent("ses/outbox/\(name)").path
                ) ?? Data(),
                as: UTF8.self
            )
            return text.contains("To: contact@client.com") && text.contains("Subject: Termination of contract CT001ABC")
                ? text : nil
        }
        #expect(notices.count == 1)
        let notice = notices.first ?? ""
        #expect(notice.contains("Agreed &lt; 30 days &amp; confirmed"), "the HTML part escapes the values")
        #expect(notice.contains("multipart/alternative"))

        let notifications = await harness.run("db", "scan", "notifications")
        #expect(notifications.stdout.contains("\"template\" : \"termination-notice\""))
        #expect(notifications.stdout.contains("\"contract_id\" : \"CT001ABC\""))

        for function in ["ApiGateway", "ContractProcessor", "DatabaseManager", "FileHandler", "NotificationService"] {
            let logs = await harness.run("logs", function)
            #expect(
                logs.stdout.contains("START RequestId:") && logs.stdout.contains("REPORT RequestId:"),
                "\(function) has no log lines"
            )
        }

        let outboxBefore = harness.files(under: "ses/outbox")
        let again = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--body",
            #"{"reason":"OTHER"}"#,
            "--as",
            "admin"
        )
        #expect(again.code == 4)
        #expect(again.stderr.hasPrefix("HTTP 409"))
        #expect(harness.files(under: "ses/outbox") == outboxBefore, "a refused termination sends nothing")
    }

    @Test func terminatingThroughApiLeavesTheWholeTrail() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let upload = await harness.run("invoke", "ApiGateway", "--event", "events/api/upload-file.json")
        #expect(try upload.json()["statusCode"] as? Int == 201)
        let result = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--as",
            "admin",
            "--body",
            #"{"reason":"MUTUAL_AGREEMENT","notes":"Agreed < 30 days & confirmed in writing"}"#
        )
        #expect(result.code == 0, "\(result.stderr) \(result.stdout)")
        try await expectTerminated(harness)
    }

    @Test func terminatingThroughEventFilesLeavesTheWholeTrail() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        for file in ["events/api/upload-file.json", "events/api/terminate-contract.json"] {
            let result = await harness.run("invoke", "ApiGateway", "--event", file)
            #expect((200..<300).contains(try result.json()["statusCode"] as? Int ?? 0), "\(file): \(result.stdout)")
        }
        try await expectTerminated(harness)
    }

    @Test func aRetryWithTheSameIdempotencyKeyAnswersTheSameAndSendsNoSecondEmail() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let first = await harness.run("invoke", "ApiGateway", "--event", "events/api/terminate-contract.json")
        let outbox = harness.files(under: "ses/outbox")
        let retry = await harness.run("invoke", "ApiGateway", "--event", "events/api/terminate-contract.json")
        let firstResponse = try first.json()
        let retryResponse = try retry.json()
        #expect(firstResponse["statusCode"] as? Int == 200)
        #expect(retryResponse["statusCode"] as? Int == 200)
        #expect(firstResponse["body"] as? String == retryResponse["body"] as? String)
        #expect(harness.files(under: "ses/outbox") == outbox)
        let reused = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--body",
            #"{"reason":"OTHER"}"#,
            "--header",
            "Idempotency-Key: 7d4f1c2a-terminate-CT001ABC",
            "--as",
            "admin"
        )
        #expect(reused.stderr.hasPrefix("HTTP 422"), "the same key with another request is refused: \(reused.stderr)")
    }

    @Test func eightProcessesTerminatingAtOnceGiveOneSuccessOneEmailOneAuditEntry() async throws {
        let binary = try #require(ProcessRaceTests.binary)
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let processes = try (0..<8).map { _ in
            try ProcessRaceTests.spawn(
                binary,
                [
                    "api", "POST", "/api/contracts/CT002DEF/terminate", "--body", #"{"reason":"CONVENIENCE"}"#, "--as",
                    "admin",
                ],
                environment: harness.environment
            )
        }
        for process in processes { await process.exited() }
        let codes = processes.map(\.terminationStatus)
        #expect(codes.filter { $0 == 0 }.count == 1, "exit codes \(codes)")
        #expect(codes.filter { $0 == 4 }.count == 7, "exit codes \(codes)")
        let emails = harness.files(under: "ses/outbox").filter { $0.hasSuffix(".json") }.filter { name in
            let data =
                FileManager.default.contents(atPath: harness.state.appendingPathComponent("ses/outbox/\(name)").path)
                ?? Data()
            return String(decoding: data, as: UTF8.self).contains("Termination of contract CT002DEF")
        }
        #expect(emails.count == 1)
        let audit = try await harness.run("api", "GET", "/api/contracts/CT002DEF/audit", "--as", "admin").json()
        #expect(
            (audit["items"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "TERMINATE_CONTRACT" }.count
                == 1
        )
    }
}
