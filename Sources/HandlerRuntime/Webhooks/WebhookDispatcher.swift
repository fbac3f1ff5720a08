import Foundation
import Shared
import WireFormat

/// Delivers webhooks, at least once and in order per ordering key: each message becomes a
/// recorded delivery before any attempt (so a killed sender loses none), a key's deliveries go
/// out one at a time in `sequence` order (a later one waits while an earlier one retries), and
/// each attempt holds a lease on its delivery, so two senders never send one delivery at once.
/// A failed attempt is retried after the policy's back-off; after the last, the delivery is
/// dead-lettered and its key moves on. Runs in NotificationService; other functions enqueue
/// through `WebhookClient`.
public struct WebhookDispatcher: Sendable {
    public let services: Services
    public let context: LambdaContext
    public let policy: WebhookRetryPolicy
    /// Attempts per run at most, and the real time after which a run starts no more, so a run
    /// ends well within the function's timeout; what is left stays due for the next run.
    public let attemptBudget: Int
    public let timeBudget: Duration

    public init(
        services: Services,
        context: LambdaContext,
        policy: WebhookRetryPolicy = .standard,
        attemptBudget: Int = 1000
    ) {
        self.services = services
        self.context = context
        self.policy = policy
        self.attemptBudget = attemptBudget
        let timeout = FunctionName.notificationService.settings.timeout * services.configuration.timeoutScale
        timeBudget = .seconds(max(1, timeout - policy.attemptTimeout - 5))
    }

    /// Deliveries are the function's own work, whoever produced their events.
    public static let caller = Caller.service("webhooks")

    var database: DatabaseClient {
        DatabaseClient(functions: services.functions, context: context, caller: Self.caller)
    }

    /// Records a delivery per message (one recorded before is kept as it is), then attempts
    /// what may go now, key by key.
    public func enqueue(_ messages: [WebhookMessage]) async throws -> WebhookRunReport {
        let now = services.now
        let deliveries = try messages.map { try Self.delivery(for: $0, at: now) }
        var recorded = 0
        for chunk in deliveries.chunks(ofCount: WebhookStoreRequest.maximumDeliveries) {
            recorded += try await database.createDeliveries(Array(chunk)).count
        }
        var run = Run(started: .now)
        try await dispatch(deliveries.map(\.orderingKey).firstOccurrences(), &run)
        return WebhookRunReport(recorded: recorded, attempts: run.outcomes)
    }

    /// Attempts what is due: for every key with a due delivery, its queue in order.
    public func dispatchDue() async throws -> WebhookRunReport {
        var keys: [String] = []
        for try await due in Paginator.pages({ try await database.dueDeliveries(now: services.now, page: $0) }) {
            keys = (keys + due.items.map(\.orderingKey)).firstOccurrences()
            if keys.count >= attemptBudget { break }
        }
        var run = Run(started: .now)
        try await dispatch(keys, &run)
        return WebhookRunReport(attempts: run.outcomes)
    }

    /// One attempt now, whatever the delivery's status: a dead-lettered one delivered at last, a
    /// delivered one sent again. A delivery waiting behind an earlier one of its key is refused
    /// (409): it would overtake it.
    public func redeliver(_ id: String) async throws -> WebhookAttemptOutcome {
        guard let delivery = try await database.delivery(id) else {
            throw DomainError.notFound("webhook delivery \(id) does not exist")
        }
        if delivery.status.isWaiting, let head = try await database.queueHead(delivery.orderingKey),
            head.deliveryId != id
        {
            throw DomainError.conflict(
                "webhook delivery \(id) waits behind \(head.deliveryId) (the same ordering key); it is sent after it"
            )
        }
        return try await attempt(id, anyStatus: true)
    }

    private struct Run {
        let started: ContinuousClock.Instant
        var outcomes: [WebhookAttemptOutcome] = []

        func hasBudget(_ attempts: Int, _ time: Duration) -> Bool {
            outcomes.count < attempts && ContinuousClock.now - started < time
        }
    }

    /// Each key's queue in order: its head claimed, sent, and finished with the next head claimed
    /// in the same call, until a delivery must wait, nothing more is due, or the run's budget is spent.
    /// (Retries and enqueued messages go key after key; a publication's heads, claimed together,
    /// go side by side: `send`.)
    private func dispatch(_ keys: [String], _ run: inout Run) async throws {
        for key in keys {
            guard run.hasBudget(attemptBudget, timeBudget) else { break }
            try await drain(try await database.claimHead(claim(key)).map { [$0] } ?? [], &run)
        }
    }

    /// Sends the claimed deliveries (one per key), then writes their attempts in one call that
    /// claims each key's next delivery, and goes on with those: a key's deliveries go one after
    /// another, and the keys' queues side by side. A claimed delivery the run's budget leaves
    /// unsent, or whose lease could end before its attempt does, is sent once its lease ends, by a
    /// later run: no delivery is sent under a lease another sender may take meanwhile.
    private func drain(_ heads: [WebhookDelivery], _ run: inout Run) async throws {
        var claimed = heads
        while !claimed.isEmpty {
            var finishes: [WebhookFinish] = []
            for delivery in claimed {
                guard let leaseId = delivery.leaseId, run.hasBudget(attemptBudget, timeBudget),
                    holdsLongEnough(delivery)
                else { continue }
                let (outcome, written) = await attempt(delivery)
                run.outcomes.append(outcome)
                let more = !outcome.status.isWaiting && run.hasBudget(attemptBudget, timeBudget)
                finishes.append(
                    WebhookFinish(delivery: written, leaseId: leaseId, next: more ? claim(delivery.orderingKey) : nil)
                )
            }
            claimed = []
            for chunk in finishes.chunks(ofCount: WebhookStoreRequest.maximumDeliveries) {
                claimed += try await database.finishAttempts(Array(chunk))
            }
        }
    }

    /// A publication of `events` (`publish_events`) whose claimed heads this dispatcher then sends.
    public func publication(_ events: [PublishableEvent]) -> EventPublication {
        let now = services.clock.now()
        return EventPublication(
            events: events,
            leaseId: IDGenerator.requestID(),
            now: Timestamp.string(now),
            until: Timestamp.string(now.addingTimeInterval(policy.lease))
        )
    }

    /// Sends what a publication recorded: each key's claimed head, then the rest of its queue. A
    /// head left unsent by the run's budget is sent once its lease ends, by a later run.
    public func send(_ published: PublicationResult) async throws -> WebhookRunReport {
        var run = Run(started: .now)
        try await drain(published.claimed, &run)
        return WebhookRunReport(recorded: published.recorded, attempts: run.outcomes)
    }

    /// Whether the delivery's lease lasts beyond an attempt started now.
    private func holdsLongEnough(_ delivery: WebhookDelivery) -> Bool {
        guard let until = delivery.leaseUntil.flatMap(Timestamp.parse) else { return false }
        return until.timeIntervalSince(services.clock.now()) > policy.attemptTimeout
    }

    /// A claim on the key's head for one attempt, under a lease of its own.
    private func claim(_ key: String) -> WebhookClaim {
        let now = services.clock.now()
        return WebhookClaim(
            orderingKey: key,
            leaseId: IDGenerator.requestID(),
            now: Timestamp.string(now),
            until: Timestamp.string(now.addingTimeInterval(policy.lease))
        )
    }

    /// Claims the delivery, sends it, and records the attempt under the claim.
    private func attempt(_ id: String, anyStatus: Bool) async throws -> WebhookAttemptOutcome {
        let leaseId = IDGenerator.requestID()
        let now = services.clock.now()
        let delivery = try await database.claimDelivery(
            id,
            leaseId: leaseId,
            now: Timestamp.string(now),
            until: Timestamp.string(now.addingTimeInterval(policy.lease)),
            anyStatus: anyStatus
        )
        let (outcome, written) = await attempt(delivery)
        try await database.finishAttempts([WebhookFinish(delivery: written, leaseId: leaseId, next: nil)])
        return outcome
    }

    /// Sends a claimed delivery: the attempt's outcome, and the delivery as it is to be written.
    private func attempt(_ claimed: WebhookDelivery) async -> (WebhookAttemptOutcome, WebhookDelivery) {
        var delivery = claimed
        let number = (delivery.attempts.last?.number ?? 0) + 1
        let (attempt, sent) = await send(delivery, number: number)
        delivery.attempts = Array((delivery.attempts + [attempt]).suffix(Self.keptAttempts))
        settle(&delivery, after: attempt, sent: sent)
        context.logger.info(
            "webhook attempt",
            [
                "delivery_id": delivery.deliveryId, "event_id": delivery.eventId, "attempt": String(number),
                "status": delivery.status.rawValue, "status_code": attempt.statusCode.map(String.init) ?? "-",
            ]
        )
        let outcome = WebhookAttemptOutcome(
            deliveryId: delivery.deliveryId,
            eventId: delivery.eventId,
            attempt: number,
            status: delivery.status,
            statusCode: attempt.statusCode,
            error: attempt.error,
            nextAttemptAt: delivery.nextAttemptAt
        )
        return (outcome, delivery)
    }

    /// The delivery a message becomes, checked: a bad message is refused before anything is recorded.
    public static func delivery(for message: WebhookMessage, at now: String) throws -> WebhookDelivery {
        let url = try WebhookURL(message.target.url)
        try checkToken(message.eventId, "event_id", maximum: 128)
        try checkToken(message.target.id, "target.id", maximum: 64)
        try checkToken(message.orderingKey, "ordering_key", maximum: 256)
        try checkToken(message.sequence, "sequence", maximum: 64)
        guard Validate.isEventType(message.eventType) else {
            throw DomainError.invalid("event_type must be lower-case words joined by . or _ (e.g. contract.created)")
        }
        guard (16...256).contains(message.target.secret.utf8.count) else {
            throw DomainError.invalid("target.secret must be 16 to 256 bytes")
        }
        guard case .object = message.body else { throw DomainError.invalid("body must be a JSON object") }
        let body = JSON.string(message.body)
        guard body.utf8.count <= WebhookMessage.maximumBodyBytes else {
            throw DomainError.tooLarge("a webhook body may be at most \(WebhookMessage.maximumBodyBytes / 1024) KB")
        }
        return WebhookDelivery(
            deliveryId: message.deliveryId,
            eventId: message.eventId,
            eventType: message.eventType,
            source: String(message.source.prefix(200)),
            targetId: message.target.id,
            url: url.text,
            secret: message.target.secret,
            orderingKey: message.orderingKey,
            sequence: message.sequence,
            body: body,
            createdAt: now
        )
    }

    private static func checkToken(_ value: String, _ field: String, maximum: Int) throws {
        guard (1...maximum).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw DomainError.invalid("\(field) must be 1 to \(maximum) printable ASCII characters without spaces")
        }
    }
}
