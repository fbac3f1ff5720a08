import Foundation
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

@Suite("testex-local webhooks: list, show, redeliver; retries after each command")
struct WebhooksCommandTests {
    static let secret = "whsec_0123456789abcdefghijklmnop"

    func enqueue(_ harness: Harness, url: String) async throws -> String {
        let target = WebhookTarget(id: "CALLBACK1", url: url, secret: Self.secret)
        let message = WebhookMessage(
            eventId: "evt_cli_1",
            eventType: "campaign.completed",
            body: ["id": "evt_cli_1"],
            target: target,
            source: "test producer",
            orderingKey: "CALLBACK1",
            sequence: "1"
        )
        let result = await harness.run(
            ["invoke", "NotificationService", "--event", "-"],
            stdin: JSON.string(WebhookCall(.enqueue([message]), for: .service("t-producer")))
        )
        try #require(result.code == 0, "\(result.stderr)")
        return message.deliveryId
    }

    @Test func anAlwaysFailingReceiverIsRetriedAfterCommandsUntilDeadLetteredThenRedelivered() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let healthy = LockedSwitch()
        let receiver = try WebhookReceiver { _, _ in healthy.isOn ? 200 : 500 }
        defer { receiver.stop() }
        let id = try await enqueue(harness, url: receiver.url)

        let listed = await harness.run("webhooks", "list")
        #expect(
            listed.code == 0 && listed.stdout.contains("\(id)  RETRYING") && listed.stdout.contains("attempts 1"),
            "\(listed.stdout)"
        )
        var time = Timestamp.parse("2026-11-22T10:00:00Z")!
        for delay in WebhookRetryPolicy.standard.delays {
            time = time.addingTimeInterval(delay)
            harness.environment["TESTEX_NOW"] = Timestamp.string(time)
            let drained = await harness.run("queue", "drain")
            #expect(drained.stdout.contains("webhook \(id)"), "\(drained.stdout)")
        }
        #expect(receiver.requests.count == WebhookRetryPolicy.standard.maximumAttempts)
        let dead = await harness.run("webhooks", "list", "--status", "DEAD_LETTERED", "--output", "json")
        let deliveries = try JSON.decode([WebhookDelivery].self, from: Data(dead.stdout.utf8))
        #expect(deliveries.map(\.deliveryId) == [id] && deliveries.first?.attempts.count == 6)

        let shown = await harness.run("webhooks", "show", id)
        #expect(shown.code == 0 && shown.stdout.contains("\"evt_cli_1\"") && !shown.stdout.contains(Self.secret))
        #expect(await harness.run("webhooks", "show", "WDNOSUCH").code == 4)

        let failed = await harness.run("webhooks", "redeliver", id)
        #expect(failed.code == 1 && failed.stdout.contains("HTTP 500"), "\(failed.stdout)")
        healthy.isOn = true
        let redelivered = await harness.run("webhooks", "redeliver", id)
        #expect(
            redelivered.code == 0 && redelivered.stdout.hasPrefix("delivered"),
            "\(redelivered.stdout) \(redelivered.stderr)"
        )
        #expect(receiver.requests.last.map { (200...299).contains($0.status) } == true)
        #expect(await harness.run("webhooks", "redeliver", "WDNOSUCH").code == 4)
    }
}

extension WebhooksCommandTests {
    @Test func aSubscriberThatFailsTwiceGetsEachContractEventOnceInOrderAfterTheRetries() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let receiver = try WebhookReceiver { number, _ in number <= 2 ? 503 : 200 }
        defer { receiver.stop() }
        let events = #"["contract.suspended","contract.reactivated","contract.terminated"]"#
        let body = #"{"url":"\#(receiver.url)","events":\#(events)}"#
        let created = await harness.run("api", "POST", "/api/subscriptions", "--as", "system", "--body", body)
        #expect(created.code == 0, "\(created.stderr)")
        let secret = try #require(try created.json()["secret"] as? String)
        for (path, body) in [
            ("CT001ABC/suspend", "{}"), ("CT002DEF/suspend", "{}"), ("CT001ABC/reactivate", "{}"),
            ("CT002DEF/terminate", #"{"reason":"OTHER"}"#),
        ] {
            let result = await harness.run("api", "POST", "/api/contracts/\(path)", "--as", "admin", "--body", body)
            #expect(result.code == 0, "\(path): \(result.stderr)")
        }
        #expect(receiver.requests.count == 2 && receiver.requests.allSatisfy { $0.status == 503 })
        harness.environment["TESTEX_NOW"] = "2026-11-22T10:00:30Z"
        _ = await harness.run("queue", "drain")
        let taken = try receiver.requests.filter { $0.status == 200 }.map { request in
            let body = try JSON.decode(JSONValue.self, from: request.body)
            let header = request.headers["testex-signature"] ?? ""
            #expect(WebhookSignature.verify(header: header, body: request.body, secret: secret, now: Date()) == .valid)
            return "\(body["data"]?["object"]?["contract_id"]?.stringValue ?? "-") \(body["type"]?.stringValue ?? "-")"
        }
        let first = taken.filter { $0.hasPrefix("CT001ABC") }
        let second = taken.filter { $0.hasPrefix("CT002DEF") }
        #expect(first == ["CT001ABC contract.suspended", "CT001ABC contract.reactivated"])
        #expect(second == ["CT002DEF contract.suspended", "CT002DEF contract.terminated"])
        #expect(taken.count == 4, "each event exactly once: \(taken)")
    }
}

final class LockedSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var on = false
    var isOn: Bool {
        get { lock.withLock { on } }
        set { lock.withLock { on = newValue } }
    }
}
