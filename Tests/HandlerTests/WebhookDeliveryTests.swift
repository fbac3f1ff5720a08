import Foundation
import HandlerRuntime
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// A clock tests move by hand, so retries come due without waiting for them.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var clock: Clock { Clock { [self] in lock.withLock { current } } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

@Suite("Webhooks: recorded, signed, retried with back-off, in order per key, dead-lettered")
struct WebhookDeliveryTests {
    let time = ManualClock(TestSystem.now)
    let system: LocalSystem
    static let secret = "whsec_0123456789abcdefghijklmnop"

    init() async throws {
        system = LocalSystem.memory(configuration: Configuration(timeoutScale: 20), clock: time.clock)
        try await system.initialize()
    }

    func message(
        _ event: String,
        key: String,
        sequence: Int,
        url: String,
        target: String = "SB000001"
    ) -> WebhookMessage {
        WebhookMessage(
            eventId: event,
            eventType: "contract.updated",
            body: ["id": .string(event), "key": .string(key)],
            target: WebhookTarget(id: target, url: url, secret: Self.secret),
            source: "subscription \(target)",
            orderingKey: "\(target)#\(key)",
            sequence: WebhookMessage.sequence(stream: String(sequence))
        )
    }

    func enqueue(_ messages: [WebhookMessage]) async throws -> WebhookRunReport {
        try await system.lambda.invoke(
            .notificationService,
            WebhookCall(.enqueue(messages), for: .service("t-producer")),
            as: WebhookRunReport.self,
            parent: nil
        )
    }

    func deliveries() async throws -> [WebhookDelivery] {
        try await system.allItems(of: Tables.webhookDeliveries).map { try $0.decode(WebhookDelivery.self) }
    }

    func eventIds(_ receiver: WebhookReceiver, succeeded: Bool = true) -> [String] {
        receiver.requests.filter { !succeeded || (200...299).contains($0.status) }.compactMap {
            $0.headers["testex-event-id"]
        }
    }

    @Test func aReceiverThatFailsTwiceGetsEachEventOnceAfterTheRetriesSignedAndInOrder() async throws {
        // The first two requests fail, every later one succeeds.
        let receiver = try WebhookReceiver { number, _ in number <= 2 ? 500 : 200 }
        defer { receiver.stop() }
        let events = [
            message("evt_a1", key: "A", sequence: 1, url: receiver.url),
            message("evt_a2", key: "A", sequence: 2, url: receiver.url),
            message("evt_b1", key: "B", sequence: 3, url: receiver.url),
        ]
        let first = try await enqueue(events)
        #expect(first.recorded == 3)
        // A's first fails and holds A back; B's first fails too.
        #expect(first.attempts.map(\.status) == [.retrying, .retrying])
        #expect(try await system.drain().webhooks == nil, "nothing is due before the back-off")
        time.advance(30)
        let retried = try #require(try await system.drain().webhooks)
        #expect(retried.attempts.map(\.status) == [.delivered, .delivered, .delivered])
        #expect(eventIds(receiver) == ["evt_a1", "evt_a2", "evt_b1"])
        for request in receiver.requests {
            let header = try #require(request.headers["testex-signature"])
            #expect(
                WebhookSignature.verify(header: header, body: request.body, secret: Self.secret, now: Date()) == .valid
            )
            #expect(request.headers["content-type"] == "application/json" && request.target == "/hooks")
        }
        let stored = try await deliveries()
        #expect(stored.allSatisfy { $0.status == .delivered && $0.waiting == nil && $0.leaseId == nil })
        #expect(stored.first { $0.eventId == "evt_a1" }?.attempts.map(\.statusCode) == [500, 200])
    }

    @Test func aLaterEventWaitsWhileAnEarlierOneOfItsKeyRetries() async throws {
        let receiver = try WebhookReceiver { _, request in
            String(decoding: request.body, as: UTF8.self).contains("evt_a1")
                && request.headers["testex-delivery-attempt"] == "1" ? 503 : 204
        }
        defer { receiver.stop() }
        _ = try await enqueue([
            message("evt_a1", key: "A", sequence: 1, url: receiver.url),
            message("evt_a2", key: "A", sequence: 2, url: receiver.url),
            message("evt_b1", key: "B", sequence: 3, url: receiver.url),
        ])
        #expect(eventIds(receiver) == ["evt_b1"], "B goes on while A's first retries; A's second waits")
        let waiting = try #require(try await deliveries().first { $0.eventId == "evt_a2" })
        #expect(waiting.status == .pending && waiting.attempts.isEmpty)
        time.advance(30)
        _ = try await system.drain()
        #expect(eventIds(receiver) == ["evt_b1", "evt_a1", "evt_a2"])
    }

    @Test func aReceiverThatAlwaysFailsEndsDeadLetteredAndARedeliverySendsItAgain() async throws {
        let healthy = LockedFlag()
        let receiver = try WebhookReceiver { _, _ in healthy.value ? 200 : 500 }
        defer { receiver.stop() }
        _ = try await enqueue([
            message("evt_dead", key: "A", sequence: 1, url: receiver.url),
            message("evt_next", key: "A", sequence: 2, url: receiver.url),
        ])
        for delay in WebhookRetryPolicy.standard.delays {
            time.advance(delay)
            _ = try await system.drain()
        }
        let dead = try #require(try await deliveries().first { $0.eventId == "evt_dead" })
        #expect(dead.status == .deadLettered && dead.attempts.count == WebhookRetryPolicy.standard.maximumAttempts)
        #expect(dead.waiting == nil && dead.nextAttemptAt == nil)
        // Its key moved on: the next event got its own attempts.
        #expect(try await deliveries().first { $0.eventId == "evt_next" }?.attempts.isEmpty == false)

        healthy.value = true
        let outcome = try await system.lambda.invoke(
            .notificationService,
            WebhookCall(.redeliver(deliveryId: dead.deliveryId), for: TestSystem.admin),
            as: WebhookAttemptOutcome.self,
            parent: nil
        )
        #expect(outcome.status == .delivered && outcome.statusCode == 200 && outcome.attempt == 7)
        #expect(eventIds(receiver).filter { $0 == "evt_dead" }.count == 1)
    }

    @Test func theSameMessagesGivenAgainMakeNoNewDeliveryAndSendNothingTwice() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let events = [message("evt_1", key: "A", sequence: 1, url: receiver.url)]
        _ = try await enqueue(events)
        let again = try await enqueue(events)
        #expect(again.recorded == 0 && again.attempts.isEmpty)
        let stored = try await deliveries()
        #expect(receiver.requests.count == 1 && stored.count == 1)
    }

    @Test func aURLOffTheLoopbackInterfaceIsRecordedAndNeverSent() async throws {
        let report = try await enqueue([message("evt_far", key: "A", sequence: 1, url: "https://hooks.example.com/in")])
        #expect(report.attempts.map(\.status) == [.recorded])
        let stored = try #require(try await deliveries().first)
        #expect(stored.status == .recorded && stored.waiting == nil)
        #expect(stored.attempts.first?.error?.contains("loopback") == true)
        time.advance(3600)
        #expect(try await system.drain().webhooks == nil, "a recorded delivery is never retried")
    }

    @Test(arguments: ["http://user:secret@127.0.0.1/hook", "ftp://127.0.0.1/hook", "http://127.0.0.1/hook#x"])
    func aBadTargetIsRefusedAndNothingIsRecorded(_ url: String) async throws {
        await #expect(throws: DomainError.self) {
            _ = try await enqueue([message("evt_bad", key: "A", sequence: 1, url: url)])
        }
        #expect(try await deliveries().isEmpty)
    }

    @Test func aDeliveryHeldByOneSenderCannotBeTakenByAnother() async throws {
        let report = try await enqueue([message("evt_far", key: "A", sequence: 1, url: "http://203.0.113.9/in")])
        let id = try #require(report.attempts.first?.deliveryId)
        let now = Timestamp.string(time.clock.now())
        let later = Timestamp.string(time.clock.now().addingTimeInterval(60))
        func claim(_ lease: String) async throws -> DatabaseClient.Record<WebhookDelivery> {
            try await system.lambda.invoke(
                .databaseManager,
                WebhookStoreCall(
                    .claimDelivery(deliveryId: id, leaseId: lease, now: now, until: later, anyStatus: true),
                    for: WebhookDispatcher.caller
                ),
                as: DatabaseClient.Record<WebhookDelivery>.self,
                parent: nil
            )
        }
        #expect(try await claim("first").record?.leaseId == "first")
        await #expect {
            _ = try await claim("second")
        } throws: { error in
            guard case DomainError.conflict = error else { return false }
            return true
        }
    }

    @Test func anAttemptWrittenUnderALostLeaseIsRefusedAndNotWritten() async throws {
        let report = try await enqueue([message("evt_lost", key: "A", sequence: 1, url: "http://203.0.113.9/in")])
        let id = try #require(report.attempts.first?.deliveryId)
        var delivery = try #require(try await deliveries().first { $0.deliveryId == id })
        let before = delivery
        delivery.status = .deadLettered
        let error = try #require(
            await #expect(throws: DomainError.self) {
                _ = try await system.lambda.invoke(
                    .databaseManager,
                    WebhookStoreCall(
                        .finishAttempts([WebhookFinish(delivery: delivery, leaseId: "not-the-lease", next: nil)]),
                        for: WebhookDispatcher.caller
                    ),
                    as: [WebhookDelivery].self,
                    parent: nil
                )
            }
        )
        #expect(error.status == 409, "\(error)")
        #expect(try await deliveries().first { $0.deliveryId == id } == before)
    }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = false
    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
