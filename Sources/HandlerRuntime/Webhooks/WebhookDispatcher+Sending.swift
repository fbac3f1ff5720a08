import Foundation
import Shared
import WireFormat

/// How one attempt is made and what it leaves behind.
extension WebhookDispatcher {
    /// A delivery keeps its last attempts only, so its record stays small however often it is redelivered.
    static let keptAttempts = 20

    /// The status an attempt leaves the delivery in.
    func settle(_ delivery: inout WebhookDelivery, after attempt: WebhookAttempt, sent: Bool) {
        if attempt.succeeded {
            delivery.settle(.delivered, nextAttemptAt: nil)
            delivery.deliveredAt = attempt.startedAt
        } else if !sent {
            delivery.settle(.recorded, nextAttemptAt: nil)
        } else if !delivery.status.isWaiting {
            // A failed redelivery leaves the delivery as it was.
            delivery.settle(delivery.status, nextAttemptAt: nil)
        } else if let next = policy.nextAttempt(after: attempt.number, at: services.clock.now()) {
            delivery.settle(.retrying, nextAttemptAt: Timestamp.string(next))
        } else {
            delivery.settle(.deadLettered, nextAttemptAt: nil)
        }
    }

    /// One attempt: the signed request sent and its outcome, and whether it was sent at all.
    func send(_ delivery: WebhookDelivery, number: Int) async -> (WebhookAttempt, sent: Bool) {
        let started = services.now
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: WebhookHTTPOutcome
        do {
            outcome = await services.webhooks.post(try request(delivery, number: number))
        } catch {
            outcome = .notSent("\(error)")
        }
        let elapsed = clock.now - start
        let milliseconds = Int(
            elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        )
        switch outcome {
        case .answered(let status, let body):
            let excerpt = String(decoding: body.prefix(200), as: UTF8.self).filter {
                !$0.isNewline && $0.asciiValue.map { $0 >= 0x20 } ?? true
            }
            let attempt = WebhookAttempt(
                number: number,
                startedAt: started,
                statusCode: status,
                error: (200...299).contains(status) ? nil : "the receiver answered \(status)",
                durationMs: milliseconds,
                response: excerpt.isEmpty ? nil : excerpt
            )
            return (attempt, true)
        case .failed(let reason):
            return (
                WebhookAttempt(
                    number: number,
                    startedAt: started,
                    statusCode: nil,
                    error: reason,
                    durationMs: milliseconds
                ), true
            )
        case .notSent(let reason):
            return (
                WebhookAttempt(
                    number: number,
                    startedAt: started,
                    statusCode: nil,
                    error: "not sent: " + reason,
                    durationMs: milliseconds
                ), false
            )
        }
    }

    /// The signed request. The signature's time is the wall clock's, even when `TESTEX_NOW`
    /// fixes the system's clock: a receiver checks it against its own.
    func request(_ delivery: WebhookDelivery, number: Int) throws -> WebhookHTTPRequest {
        let body = Data(delivery.body.utf8)
        let timestamp = Int(Date().timeIntervalSince1970)
        return WebhookHTTPRequest(
            url: try WebhookURL(delivery.url),
            headers: [
                WebhookHeader("Content-Type", "application/json"),
                WebhookHeader("User-Agent", "TESTEX-Webhooks/1.0"),
                WebhookHeader("Testex-Event-Id", delivery.eventId),
                WebhookHeader("Testex-Event-Type", delivery.eventType),
                WebhookHeader("Testex-Delivery-Id", delivery.deliveryId),
                WebhookHeader("Testex-Delivery-Attempt", String(number)),
                WebhookHeader(
                    WebhookSignature.headerName,
                    WebhookSignature.header(secret: delivery.secret, timestamp: timestamp, body: body)
                ),
            ],
            body: body,
            timeout: policy.attemptTimeout
        )
    }
}
