import Foundation
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// `campaign run` end to end on the sample data: every row gets its outcome with why, each
/// termination sends its notice once, the callback is signed and delivered, a scheduled campaign
/// waits for its time, and an execution run again from an earlier checkpoint changes nothing.
@Suite("Campaigns: CSV rows to terminations, notices and a callback")
struct CampaignEndToEndTests {
    static let csv =
        "contract_id,reason\nCT001ABC,\nCT002DEF,CLIENT_REQUEST\nCT001ABC,\nCTNOSUCH,\nbad id,\nCT003GHI,\"open\n"

    func write(_ text: String, in harness: Harness) throws -> String {
        let file = harness.state.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func rows(_ harness: Harness, _ id: String) async throws -> [CampaignRow] {
        let listed = await harness.run("api", "GET", "/api/campaigns/\(id)/rows?limit=100", "--as", "admin")
        let body = try JSONValueParser.parse(Data(listed.stdout.utf8))
        return try #require(body["items"]).decode([CampaignRow].self)
    }

    func notices(_ harness: Harness) async throws -> [String] {
        let outbox = await harness.run("outbox", "--output", "json")
        let mails = try #require(try JSONValueParser.parse(Data(outbox.stdout.utf8)).arrayValue)
        return mails.compactMap { $0["subject"]?.stringValue }.filter { $0.hasPrefix("Termination of contract") }
            .sorted()
    }

    func campaignId(_ result: Harness.Result) throws -> String {
        let line = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("campaign CP") })
        return String(line.dropFirst("campaign ".count).prefix(8))
    }

    @Test func eachRowGetsItsOutcomeAndTheCallbackIsSignedAndDelivered() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let file = try write(Self.csv, in: harness)
        let run = await harness.run(
            "campaign",
            "run",
            file,
            "--reason",
            "PRODUCT_DISCONTINUED",
            "--callback",
            receiver.url
        )
        try #require(run.code == 0, "\(run.stdout) \(run.stderr)")
        #expect(
            run.stdout.contains("TERMINATED  2") && run.stdout.contains("SKIPPED     1")
                && run.stdout.contains("FAILED      3"),
            "\(run.stdout)"
        )
        let id = try campaignId(run)
        let byLine = Dictionary(uniqueKeysWithValues: try await rows(harness, id).map { ($0.line, $0) })
        #expect(byLine[2]?.status == .terminated && byLine[3]?.status == .terminated)
        #expect(byLine[4]?.status == .skipped && byLine[4]?.why == "contract CT001ABC is already on row 1")
        #expect(
            byLine[5]?.status == .failed && byLine[5]?.why?.contains("CTNOSUCH") == true,
            "\(String(describing: byLine[5]))"
        )
        #expect(byLine[6]?.status == .failed && byLine[7]?.why?.contains("never closed") == true)
        #expect(try await notices(harness) == ["Termination of contract CT001ABC", "Termination of contract CT002DEF"])

        let callbacks = receiver.requests
        try #require(callbacks.count == 1)
        let body = try JSONValueParser.parse(callbacks[0].body)
        #expect(body["type"] == "campaign.completed" && body["data"]?["campaign_id"] == .string(id))
        let secret = try #require(
            run.stderr.split(separator: "\n").first { $0.hasPrefix("callback secret") }?
                .split(separator: " ").last.map(String.init)
        )
        let header = try #require(callbacks[0].headers["testex-signature"])
        #expect(
            WebhookSignature.verify(
                header: header,
                body: callbacks[0].body,
                secret: secret,
                now: Date()
            ) == .valid,
            "signed with the wall clock's time"
        )

        let shown = await harness.run("executions", "show", id)
        for type in [
            "ExecutionStarted", "TaskStateEntered", "TaskSucceeded", "MapStateEntered", "MapIterationStarted",
            "MapIterationSucceeded", "ExecutionSucceeded",
        ] {
            #expect(shown.stdout.contains(type), "\(type) in \(shown.stdout)")
        }
    }

    @Test func aScheduledCampaignWaitsAndAnExecutionRunAgainTerminatesNothingTwice() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let file = try write("contract_id\nCT001ABC\nCT002DEF\n", in: harness)
        let run = await harness.run(
            "campaign",
            "run",
            file,
            "--reason",
            "RESELLER_LEFT",
            "--at",
            "2026-11-23T09:00:00Z"
        )
        try #require(run.code == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains("SCHEDULED: it runs once the clock passes 2026-11-23T09:00:00.000Z"),
            "\(run.stdout)"
        )
        let id = try campaignId(run)
        let executions = harness.state.appendingPathComponent("stepfunctions/campaigns/executions/\(id).json")
        let waiting = try Data(contentsOf: executions)
        #expect(try await notices(harness).isEmpty)

        harness.environment["TESTEX_NOW"] = "2026-11-23T09:00:01Z"
        #expect(await harness.run("queue", "drain").code == 0)
        #expect(try await rows(harness, id).map(\.status) == [.terminated, .terminated])
        #expect(try await notices(harness) == ["Termination of contract CT001ABC", "Termination of contract CT002DEF"])

        // As if the process had been killed before its first checkpoint after the wait: every Task runs again.
        try waiting.write(to: executions)
        #expect(await harness.run("queue", "drain").code == 0)
        let listed = await harness.run("executions", "list")
        #expect(listed.stdout.contains("\(id)  SUCCEEDED"), "\(listed.stdout)")
        #expect(try await rows(harness, id).map(\.status) == [.terminated, .terminated])
        #expect(try await notices(harness) == ["Termination of contract CT001ABC", "Termination of contract CT002DEF"])
        let audit = await harness.run("db", "scan", "audit-logs", "--output", "json")
        #expect(
            audit.stdout.components(separatedBy: "\"TERMINATE_CONTRACT\"").count - 1 == 2,
            "\(audit.stdout.prefix(2000))"
        )
    }

    @Test func aCSVOverTheLimitsIsRefusedAndCreatesNothing() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let before = await harness.run("executions", "list", "--output", "json")
        let file = try write(
            "contract_id\n" + String(repeating: "CT001ABC\n", count: CampaignLimits.maximumRows + 1),
            in: harness
        )
        let refused = await harness.run("campaign", "run", file, "--reason", "PRODUCT_DISCONTINUED")
        #expect(refused.code == 4 && refused.stderr.contains("HTTP 413"), "\(refused.stderr)")
        #expect(await harness.run("executions", "list", "--output", "json").stdout == before.stdout)
        let campaigns = await harness.run("api", "GET", "/api/campaigns", "--as", "admin")
        #expect(!campaigns.stdout.contains("PRODUCT_DISCONTINUED"), "\(campaigns.stdout)")
    }
}
