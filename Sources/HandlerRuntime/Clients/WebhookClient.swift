import Foundation
import Shared

/// How a function that produces events has them delivered: through NotificationService, which
/// records each delivery and sends it signed, retried and in order (`WebhookDispatcher`).
public struct WebhookClient: Sendable {
    let functions: any FunctionInvoker
    let context: LambdaContext
    /// The function's own work that produces the events (a service caller).
    let caller: Caller

    public init(functions: any FunctionInvoker, context: LambdaContext, caller: Caller) {
        self.functions = functions
        self.context = context
        self.caller = caller
    }

    /// Records the messages' deliveries and attempts them; a message given again (the same
    /// event for the same target) is not delivered twice.
    @discardableResult
    public func enqueue(_ messages: [WebhookMessage]) async throws -> WebhookRunReport {
        try await functions.invoke(
            .notificationService,
            WebhookCall(.enqueue(messages), for: caller),
            as: WebhookRunReport.self,
            parent: context
        )
    }

    public func redeliver(_ deliveryId: String) async throws -> WebhookAttemptOutcome {
        try await functions.invoke(
            .notificationService,
            WebhookCall(.redeliver(deliveryId: deliveryId), for: caller),
            as: WebhookAttemptOutcome.self,
            parent: context
        )
    }
}
