import Foundation
import LocalAWS
import Shared
import WireFormat

/// `campaign run FILE.csv --reason R [--at TIME] [--callback URL]`: uploads the CSV through a
/// one-use link, creates the campaign through the API, and follows its execution: a progress
/// bar on a terminal, a line per batch otherwise, then the counts.
enum CampaignCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let file = try context.arguments.next("CSV file")
        guard let reason = try context.arguments.option("--reason") else {
            throw UsageError("campaign run needs --reason CODE")
        }
        var body: [String: JSONValue] = ["reason": .string(reason)]
        if let at = try context.arguments.option("--at") { body["send_at"] = .string(try sendAt(at)) }
        if let url = try context.arguments.option("--callback") { body["callback_url"] = .string(url) }
        if let day = try context.arguments.option("--effective-date") { body["effective_date"] = .string(day) }
        if let notes = try context.arguments.option("--notes") { body["notes"] = .string(notes) }
        if context.arguments.flag("--callback-failed-rows") { body["callback_on"] = "end_and_failed_rows" }
        try context.arguments.finish()
        let data = try context.readInput(file)
        guard data.count <= CampaignLimits.maximumBytes else {
            context.console.err(
                "testex-local: \(file) has \(data.count) bytes; a campaign CSV has at most "
                    + "\(CampaignLimits.maximumBytes)"
            )
            return TestexLocal.Exit.clientError
        }
        let system = try await context.openSystem(runsFunctions: true)
        let api = CampaignAPI(system: system)
        let (linkStatus, link) = try await api.send("POST", "/api/campaigns/upload-url", body: [:])
        guard linkStatus == 200, let url = link["link"]?["url"]?.stringValue else {
            return refused(linkStatus, link, context)
        }
        guard case .campaignCSV(let upload) = try await PresignedLinkAccess(system: system).upload(url, data: data)
        else {
            throw UsageError("the upload link did not take a campaign CSV")
        }
        body["csv_key"] = .string(upload.csvKey)
        let (status, created) = try await api.send("POST", "/api/campaigns", body: .object(body))
        guard status == 201, let campaign = try? created["campaign"].map({ try $0.decode(Campaign.self) }) ?? nil else {
            return refused(status, created, context)
        }
        context.console.err(
            "campaign \(campaign.campaignId): \(campaign.totalRows) rows in \(campaign.batchCount) batches, "
                + "\(campaign.counts.failed) failed and \(campaign.counts.skipped) skipped on reading"
        )
        if let secret = campaign.callbackSecret { context.console.err("callback secret (shown once): \(secret)") }
        return try await follow(campaign, system: system, context: context)
    }

    private static func sendAt(_ text: String) throws -> String {
        if let date = Timestamp.parse(text) { return Timestamp.string(date) }
        if let day = Timestamp.parseDay(text) { return Timestamp.string(day) }
        throw UsageError("--at must be an ISO-8601 time (2026-11-22T10:00:00Z) or a day (2026-11-22), not '\(text)'")
    }

    private static func refused(_ status: Int, _ answer: JSONValue, _ context: CommandContext) -> Int32 {
        let message = answer["error"]?["message"]?.stringValue ?? JSON.string(answer)
        context.console.err("testex-local: HTTP \(status): \(message)")
        return status >= 500 ? TestexLocal.Exit.serverError : TestexLocal.Exit.clientError
    }

    /// Runs the execution here (the drain after the command then has nothing left of it), and prints the outcome.
    private static func follow(_ campaign: Campaign, system: LocalSystem, context: CommandContext) async throws -> Int32
    {
        let progress = CampaignProgress(
            console: context.console,
            total: campaign.totalRows,
            terminal: isatty(2) == 1,
            clock: system.clock
        )
        let runner = CampaignExecutions(system: system, observe: { _, event in progress.event(event) })
        let record = try await runner.advance(campaign.campaignId)
        progress.finish()
        let (_, answer) = try await CampaignAPI(system: system).send(
            "GET",
            "/api/campaigns/\(campaign.campaignId)",
            body: nil
        )
        let final = try answer.decode(Campaign.self)
        if let record, record.status == .running, let until = record.position?.waitUntil {
            context.console.out(
                "campaign \(final.campaignId) is \(final.status.rawValue): it runs once the clock passes \(until) "
                    + "(the first command after then runs it)"
            )
            return TestexLocal.Exit.success
        }
        context.console.out(summary(final, execution: record))
        return final.status == .failed ? TestexLocal.Exit.handlerError : TestexLocal.Exit.success
    }

    static func summary(_ campaign: Campaign, execution: ExecutionRecord?) -> String {
        let counts = campaign.counts
        let lines = [
            "campaign    \(campaign.campaignId)  \(campaign.status.rawValue)",
            "rows        \(campaign.totalRows)",
            "TERMINATED  \(counts.terminated)", "SCHEDULED   \(counts.scheduled)", "SKIPPED     \(counts.skipped)",
            "FAILED      \(counts.failed)", "PENDING     \(counts.pending)",
            "execution   \(execution?.status.rawValue ?? "-")  \(campaign.executionArn ?? "-")",
            "rows:       testex-local api GET '/api/campaigns/\(campaign.campaignId)/rows?status=FAILED' --as admin",
        ]
        return lines.joined(separator: "\n")
    }
}

/// The API as `campaign run` calls it: as an admin, through the local authorizer.
struct CampaignAPI {
    let system: LocalSystem

    func send(_ method: String, _ path: String, body: JSONValue?) async throws -> (Int, JSONValue) {
        let token = system.token(for: Caller(subject: "local-admin", role: .admin))
        let builder = APIEventBuilder(
            method: method,
            path: path,
            query: [],
            headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)"],
            body: body.map { JSON.string($0) },
            claims: nil,
            requestID: IDGenerator.requestID(),
            time: system.clock.now()
        )
        let data = try await system.invoke(.apiGateway, payload: try JSON.encode(builder.restEvent()))
        let response = try JSON.decode(APIResponseView.self, from: data)
        let answer = (try? JSONValueParser.parse(Data((response.body ?? "{}").utf8))) ?? .object([:])
        return (response.statusCode, answer)
    }
}

/// The progress of a campaign from its execution's events: on a terminal, one bar redrawn in
/// place (rows done of total, rate, time left); otherwise a line per finished batch.
final class CampaignProgress: @unchecked Sendable {
    let console: Console
    let total: Int
    let terminal: Bool
    let clock: Clock
    private let lock = NSLock()
    private var done = 0
    private let started = Date()

    init(console: Console, total: Int, terminal: Bool, clock: Clock) {
        self.console = console
        self.total = total
        self.terminal = terminal
        self.clock = clock
    }

    func event(_ event: HistoryEvent) {
        guard event.type == "TaskSucceeded", case .string(let output)? = event.details?["output"],
            let result = try? JSONValueParser.parse(Data(output.utf8)),
            let batch = result["Payload"]?["batch_id"]?.stringValue,
            let counts = try? result["Payload"]?["counts"]?.decode(CampaignCounts.self)
        else { return }
        let line: String = lock.withLock {
            done += counts.terminated + counts.scheduled + counts.skipped + counts.failed
            return render(batch: batch, counts: counts)
        }
        if terminal {
            FileHandle.standardError.write(Data(("\r" + line).utf8))
        } else {
            console.err(line)
        }
    }

    private func render(batch: String, counts: CampaignCounts) -> String {
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        guard terminal else {
            return
                "batch \(batch): \(counts.terminated) terminated, \(counts.scheduled) "
                + "scheduled, \(counts.skipped) skipped, "
                + "\(counts.failed) failed; \(done)/\(total) rows"
        }
        let width = 30
        let filled = total == 0 ? width : min(width, width * done / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "[\(bar)] \(done)/\(total) rows  \(Digits.fixed(rate, 0)) rows/s  \(Digits.fixed(left, 0)) s left "
    }

    func finish() {
        if terminal, done > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
