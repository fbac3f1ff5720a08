import Foundation
import Testing

@testable import LocalHarness

/// `--output json` for scripts: one JSON document per listing or reading command, JSON lines
/// for the log stream; `--dynamodb-json` as the AWS CLI prints items.
@Suite("Output for scripts")
struct JSONOutputTests {
    static func document(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test func everyListingAndReadingCommandPrintsOneJSONDocument() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let queued = await harness.run(
            "--no-drain",
            "invoke",
            "NotificationService",
            "--async",
            "--event",
            "events/direct/notification-service-alert.json"
        )
        let requestId = try #require(queued.json()["RequestId"] as? String)
        let message = try #require(
            try Self.document(await harness.run("outbox", "list", "--output", "json").stdout) as? [[String: Any]]
        )
        let messageId = try #require(message.first?["message_id"] as? String)
        let commands: [[String]] = [
            ["db", "tables"], ["db", "scan", "contracts"], ["db", "get", "contracts", "CT001ABC"],
            ["db", "scan", "clients", "--dynamodb-json"], ["db", "get", "contracts", "CT001ABC", "--dynamodb-json"],
            ["s3", "ls"], ["s3", "ls", "s3://development-testex-files/contracts/"],
            ["s3", "ls", "--recursive", "s3://development-testex-templates/"],
            ["outbox"], ["outbox", "list"], ["outbox", "show", messageId],
            ["queue"], ["queue", "list"], ["queue", "dlq"], ["queue", "show", requestId], ["schedule"],
            ["schedule", "list"],
        ]
        for words in commands {
            let result = await harness.run(words + ["--output", "json"])
            #expect(result.code == 0, "\(words): \(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == 1, "\(words): one line")
            #expect(throws: Never.self, "\(words) prints JSON") { try Self.document(result.stdout) }
        }
        let queue = try #require(
            try Self.document(await harness.run("queue", "--output", "json").stdout) as? [[String: Any]]
        )
        #expect(queue.first?["state"] as? String == "pending")
        let tables = try #require(
            try Self.document(await harness.run("db", "tables", "--output", "json").stdout) as? [[String: Any]]
        )
        #expect(
            tables.contains { $0["name"] as? String == "development-testex-contracts" && $0["item_count"] as? Int == 4 }
        )
    }

    @Test func logsPrintJSONLinesWithTheLogLinesFields() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        for words in [["logs", "ContractProcessor"], ["logs", "ContractProcessor", "--tail", "3"]] {
            let result = await harness.run(words + ["--output", "json"])
            #expect(result.code == 0)
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(words.count == 2 ? lines.count > 3 : lines.count == 3)
            for line in lines {
                let event = try #require(try Self.document(line) as? [String: Any], "\(line)")
                #expect(event["stream"] is String && event["message"] is String && event["timestamp"] is String)
            }
        }
        let all = await harness.run("logs", "ContractProcessor", "--output", "json").stdout.split(separator: "\n")
        let fields = all.compactMap { (try? Self.document(String($0))) as? [String: Any] }.compactMap {
            $0["fields"] as? [String: Any]
        }
        #expect(
            fields.contains { $0["level"] as? String == "INFO" && $0["requestId"] is String && $0["message"] is String }
        )
    }

    @Test func dynamoDBJSONIsWhatTheAWSCLIPrints() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let scan = try #require(
            try Self.document(await harness.run("db", "scan", "contracts", "--dynamodb-json").stdout) as? [String: Any]
        )
        let items = try #require(scan["Items"] as? [[String: [String: Any]]])
        #expect(scan["Count"] as? Int == 4 && scan["ScannedCount"] as? Int == 4)
        let first = try #require(items.first { $0["contract_id"]?["S"] as? String == "CT001ABC" })
        #expect(first["value"]?["N"] as? String == "50000")
        #expect(first["version"]?["N"] as? String == "1")
        let get = try #require(
            try Self.document(await harness.run("db", "get", "contracts", "CT001ABC", "--dynamodb-json").stdout)
                as? [String: Any]
        )
        let item = try #require(get["Item"] as? [String: [String: Any]])
        #expect(item["status"]?["S"] as? String == "ACTIVE")
        #expect(await harness.run("db", "scan", "contracts", "--output", "yaml").code == 2)
    }
}
