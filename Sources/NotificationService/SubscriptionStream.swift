import AWSEvents
import Foundation
import HandlerRuntime
import Shared

/// NotificationService as the consumer of the contracts' and notifications' streams: each
/// committed change becomes at most one event (`PublishedEvent`), handed to the dispatcher once
/// per subscription that wants it, and a contract's change sends the notices it asks for
/// (`ContractNotices`). A batch delivered again hands in the same events, which make no second
/// delivery, and sends no notice twice; a failure fails the batch, which the event source mapping retries.
struct SubscriptionStream: Sendable {
    let services: Services
    let context: LambdaContext

    /// Stream records come from the event source mapping, with no user behind them.
    static let caller = Caller.service("subscription-stream")

    func handle(_ event: DynamoDBEvent) async throws -> SubscriptionStreamResult {
        let streams: [String: PublishedEvent.Stream] = [
            services.tableName(Tables.contracts): .contracts, services.tableName(Tables.notifications): .notifications,
        ]
        var events: [PublishedEvent] = []
        for record in event.records {
            guard record.eventSource == "aws:dynamodb" else {
                let source = record.eventSource.prefix(40)
                throw DomainError.malformed("NotificationService reads DynamoDB stream records, not those of \(source)")
            }
            guard let stream = record.tableName.flatMap({ streams[$0] }) else {
                throw DomainError.malformed(
                    "NotificationService consumes the streams of \(streams.keys.sorted().joined(separator: " and ")); "
                        + "record \(record.eventId.prefix(40)) comes from \(record.eventSourceArn.prefix(120))"
                )
            }
            if let published = try PublishedEvent.of(record, stream: stream, now: services.now) {
                events.append(published)
            }
        }
        var result = SubscriptionStreamResult(records: event.records.count, events: events.count)
        try await publish(events, &result)
        let changes = event.records.filter { $0.tableName == services.tableName(Tables.contracts) }
        if !changes.isEmpty {
            result.notices = try await ContractNotices(services: services, context: context).send(changes)
        }
        context.logger.info(
            "subscription events",
            [
                "records": String(result.records), "events": String(result.events),
                "deliveries": String(result.deliveries), "notices": String(result.notices),
            ]
        )
        return result
    }

    private func publish(_ events: [PublishedEvent], _ result: inout SubscriptionStreamResult) async throws {
        guard !events.isEmpty else { return }
        // DatabaseManager matches the events with the subscriptions and records their deliveries in
        // the call that claims each key's first delivery; the dispatcher sends from there.
        let dispatcher = WebhookDispatcher(services: services, context: context)
        let database = DatabaseClient(functions: services.functions, context: context, caller: Self.caller)
        for chunk in events.chunks(ofCount: EventPublication.maximumEvents) {
            let report = try await dispatcher.send(
                try await database.publish(dispatcher.publication(chunk.map(\.publishable)))
            )
            result.deliveries += report.recorded
            result.attempts += report.attempts.count
        }
    }
}

/// What NotificationService answers for a batch of stream records.
struct SubscriptionStreamResult: Codable, Sendable {
    var records: Int
    var events: Int
    var deliveries = 0
    var attempts = 0
    var notices = 0
}
