import Foundation
import Shared
import WireFormat

/// `webhooks list | show <id> | redeliver <id>`: the webhook deliveries in the state, each with
/// its attempts; a redelivery is one attempt now, made by NotificationService as any other.
enum WebhooksCommand {
    @Sendable static func list(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let status = try statusOption(context)
        try context.arguments.finish()
        let system = try await context.openSystem()
        let deliveries = try await all(system).filter { status == nil || $0.status == status }
        if format == .json {
            context.console.out(JSON.string(deliveries.map(\.redacted)))
            return TestexLocal.Exit.success
        }
        if deliveries.isEmpty { context.console.err("no webhook deliveries\(status.map { " \($0.rawValue)" } ?? "")") }
        for delivery in deliveries {
            let next = delivery.status.isWaiting ? "  next \(delivery.nextAttemptAt ?? "-")" : ""
            context.console.out(
                [
                    delivery.createdAt, delivery.deliveryId,
                    delivery.status.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0),
                    "attempts \(delivery.attempts.count)", delivery.eventType, delivery.eventId, delivery.url,
                ].joined(separator: "  ") + next
            )
        }
        return TestexLocal.Exit.success
    }

    /// The delivery without its secret; as text, its body parsed so it reads as JSON.
    @Sendable static func show(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let id = try context.arguments.next("delivery id (see `webhooks list`)")
        try context.arguments.finish()
        let system = try await context.openSystem()
        guard let delivery = try await all(system).first(where: { $0.deliveryId == id }) else {
            throw NotFound("no webhook delivery \(id)")
        }
        if format == .json {
            context.console.out(JSON.string(delivery.redacted))
            return TestexLocal.Exit.success
        }
        var shown = try JSONValue(encoding: delivery.redacted)
        if case .object(var fields) = shown, let body = try? JSON.decode(JSONValue.self, from: Data(delivery.body.utf8))
        {
            fields["body"] = body
            shown = .object(fields)
        }
        context.console.out(JSON.string(shown, pretty: true))
        return TestexLocal.Exit.success
    }

    /// Exit 0 when the receiver took it, 1 when the attempt failed (it is recorded either way).
    @Sendable static func redeliver(_ context: CommandContext) async throws -> Int32 {
        let id = try context.arguments.next("delivery id (see `webhooks list`)")
        try context.arguments.finish()
        let system = try await context.openSystem(runsFunctions: true)
        let outcome: WebhookAttemptOutcome
        do {
            outcome = try await system.lambda.invoke(
                .notificationService,
                WebhookCall(.redeliver(deliveryId: id), for: Caller(subject: "local-admin", role: .admin)),
                as: WebhookAttemptOutcome.self,
                parent: nil
            )
        } catch DomainError.notFound(let message) {
            throw NotFound(message)
        }
        context.console.out(DrainOutput.line(outcome))
        return outcome.status == .delivered ? TestexLocal.Exit.success : TestexLocal.Exit.handlerError
    }

    /// Every delivery, oldest first (a key's in sequence order).
    static func all(_ system: LocalSystem) async throws -> [WebhookDelivery] {
        try await system.allItems(of: Tables.webhookDeliveries).map { try $0.decode(WebhookDelivery.self) }
            .sorted { ($0.createdAt, $0.orderingKey, $0.sequence) < ($1.createdAt, $1.orderingKey, $1.sequence) }
    }

    private static func statusOption(_ context: CommandContext) throws -> WebhookDeliveryStatus? {
        guard let value = try context.arguments.option("--status") else { return nil }
        guard let status = WebhookDeliveryStatus(rawValue: value.uppercased()) else {
            let names = WebhookDeliveryStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("--status must be one of \(names), not '\(value)'")
        }
        return status
    }
}
