import Foundation
import LocalHarness
import Shared
import Testing
import TestSupport

@Suite("testex-local webhooks: list, show, redeliver; retries after each command")
struct WebhooksCommandTests {
    static let secret = "whsec_0123456789abcdefghijklmnop"

    func enqueue(_ harness: Harness, url: String) async throws -> String {
        let target = WebhookTarget(id: "CALLBACK1", url: url, secret: Self.secret)
        let message = WebhookMessage(
            eventId: "evt_cli_1", eventType: "campaign.completed", body: ["id": "evt_cli_1"], target: target,
            source: "test producer", orderingKey: "CALLBACK1", sequence: "1")
        let result = await harness.run(
            ["invoke", "NotificationService", "--event", "-"], stdin: JSON.string(WebhookRequest.enqueue([message])))
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
            "\(listed.stdout)")
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
            "\(redelivered.stdout) \(redelivered.stderr)")
        #expect(receiver.requests.last.map { (200...299).contains($0.status) } == true)
        #expect(await harness.run("webhooks", "redeliver", "WDNOSUCH").code == 4)
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
