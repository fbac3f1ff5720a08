import AWSEvents
import Foundation
import HandlerRuntime
import Shared

/// Renders a template from the templates bucket, sends it through SES, and logs the
/// notification through DatabaseManager; takes SES's bounce and complaint feedback from SNS;
/// delivers webhooks (`WebhookDispatcher`), and retries them when the `webhook-retries` rule fires.
public struct NotificationServiceHandler: LambdaHandler {
    let services: Services

    public init(services: Services) {
        self.services = services
    }

    public func handle(_ event: NotificationServiceEvent, context: LambdaContext) async throws -> AnyEncodable {
        switch event {
        case .send(let request):
            return AnyEncodable(try await send(request, context: context))
        case .feedback(let event):
            return AnyEncodable(try await EmailFeedbackIntake(services: services, context: context).process(event))
        case .webhooks(let call):
            try call.caller.require(
                call.request.allowedRoles,
                to: call.request.action.replacingOccurrences(of: "_", with: " ")
            )
            let dispatcher = WebhookDispatcher(services: services, context: context)
            switch call.request {
            case .enqueue(let messages): return AnyEncodable(try await dispatcher.enqueue(messages))
            case .dispatchDue: return AnyEncodable(try await dispatcher.dispatchDue())
            case .redeliver(let id): return AnyEncodable(try await dispatcher.redeliver(id))
            }
        case .stream(let event):
            return AnyEncodable(try await SubscriptionStream(services: services, context: context).handle(event))
        case .subscriptions(let request):
            return AnyEncodable(try await Subscriptions(services: services, context: context).handle(request))
        case .templates(let request):
            return try await Templates(services: services, context: context).handle(request)
        case .scheduled(let event):
            try Self.checkRule(event)
            return AnyEncodable(try await WebhookDispatcher(services: services, context: context).dispatchDue())
        }
    }

    /// The one rule that targets this function: `webhook-retries`.
    static func checkRule(_ event: CloudwatchScheduledEvent) throws {
        guard event.detailType == "Scheduled Event", event.source == "aws.events" else {
            throw DomainError.malformed(
                "NotificationService takes EventBridge scheduled events (detail-type 'Scheduled Event', "
                    + "source 'aws.events'), got '\(event.detailType.prefix(60))'"
            )
        }
        guard Schedules.rule(of: event) == Schedules.webhookRetries else {
            throw DomainError.invalid(
                "NotificationService runs the rule \(Schedules.webhookRetries.name) only; "
                    + "the event names \(event.resources.map { String($0.prefix(120)) })"
            )
        }
    }

    /// Who may have mail sent: the API's senders, and the functions' own notices.
    static let senders: Set<Role> = [.admin, .system, .service]

    static let maximumValues = 50
    static let maximumValueLength = 2000

    /// Every value may reach an email: plain text only (no markup), bounded, no control characters
    /// but line breaks (which the subject refuses separately).
    static func checkValues(_ values: [String: String]) throws {
        guard values.count <= maximumValues else {
            throw DomainError.invalid("values may hold at most \(maximumValues) entries")
        }
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard Validate.isValueName(name) else {
                throw DomainError.invalid("value names are letters, digits and _ (got '\(name.prefix(40))')")
            }
            try Validate.text(value, field: "values.\(name)", maximum: maximumValueLength, allowEmpty: true)
        }
    }
}
