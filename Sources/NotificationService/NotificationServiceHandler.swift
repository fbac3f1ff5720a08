import Foundation
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
        case .webhooks(let request):
            let dispatcher = WebhookDispatcher(services: services, context: context)
            switch request {
            case .enqueue(let messages): return AnyEncodable(try await dispatcher.enqueue(messages))
            case .dispatchDue: return AnyEncodable(try await dispatcher.dispatchDue())
            case .redeliver(let id): return AnyEncodable(try await dispatcher.redeliver(id))
            }
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
                    + "source 'aws.events'), got '\(event.detailType.prefix(60))'")
        }
        guard Schedules.rule(of: event) == Schedules.webhookRetries else {
            throw DomainError.invalid("NotificationService runs the rule \(Schedules.webhookRetries.name) only; "
                                      + "the event names \(event.resources.map { String($0.prefix(120)) })")
        }
    }

    /// Sends once per notification id: a request whose id is already logged as sent (or
    /// suppressed) answers that log, so Lambda's retries of a queued notice email nobody twice.
    /// Recipients on the suppression list are left out; with none left nothing is sent and the
    /// log says SUPPRESSED.
    func send(_ request: NotificationRequest, context: LambdaContext) async throws -> NotificationLog {
        try request.caller.require(Self.senders, to: "send notifications")
        guard (1...maximumMailRecipients).contains(request.to.count) else {
            throw DomainError.invalid("to must list 1 to \(maximumMailRecipients) recipients")
        }
        for address in request.to { try Validate.email(address, field: "to") }
        if let contractId = request.contractId { try Validate.contractId(contractId) }
        try Self.checkValues(request.values)
        if let id = request.notificationId, !NotificationID.isValid(id) {
            throw DomainError.invalid("notification_id must be NT followed by 12 upper-case letters or digits")
        }
        let database = DatabaseClient(functions: services.functions, context: context, caller: request.caller)
        if let id = request.notificationId, let logged = try await database.notification(id), logged.status != "FAILED" {
            context.logger.info("notification already handled", ["notification_id": id, "status": logged.status])
            return logged
        }
        let template = try await TemplateStore(objects: services.objects, bucket: Buckets(services.configuration).templates)
            .template(named: request.template)
        let email = try TemplateRenderer.render(template, values: request.values)
        var log = NotificationLog(notificationId: request.notificationId ?? services.ids.next("NT", 12), contractId: request.contractId,
                                  template: template.name, recipients: request.to, subject: email.subject, messageId: nil, status: "SENT",
                                  sentAt: services.now, requestedBy: request.caller.subject)
        var recipients: [String] = []
        var suppressed: [String] = []
        for address in request.to {
            if try await database.suppression(address) != nil { suppressed.append(address) } else { recipients.append(address) }
        }
        log.suppressedRecipients = suppressed.isEmpty ? nil : suppressed
        guard !recipients.isEmpty else {
            log.status = "SUPPRESSED"
            try await database.putNotification(log)
            context.logger.warning("every recipient is on the suppression list; nothing sent", ["notification_id": log.notificationId])
            context.logger.metric(.noticesSuppressed, 1, ["Template": template.name])
            return log
        }
        do {
            log.messageId = try await services.mail.sendEmail(SendEmailRequest(
                from: services.configuration.senderEmail, to: recipients, subject: email.subject,
                textBody: email.text, htmlBody: email.html, template: template.name,
                tags: ["notification_id": log.notificationId, "template": template.name]))
        } catch let error as MailError {
            log.status = "FAILED"
            log.error = error.description
            try await database.putNotification(log)
            context.logger.error("send failed", ["error": error.description, "template": template.name])
            switch error {
            case .invalidParameterValue(let message): throw DomainError.invalid(message)
            case .messageRejected(let message): throw DomainError.internal("SES rejected the message: \(message)")
            }
        }
        try await database.putNotification(log)
        context.logger.info("notification sent", ["template": template.name, "message_id": log.messageId ?? ""])
        context.logger.metric(.noticesSent, 1, ["Template": template.name])
        return log
    }

    /// Who may have mail sent: the API's senders, and the functions' own notices.
    static let senders: Set<Role> = [.admin, .system, .service]

    static let maximumValues = 50
    static let maximumValueLength = 2000

    /// Every value may reach an email: plain text only (no markup), bounded, no control characters
    /// but line breaks (which the subject refuses separately).
    static func checkValues(_ values: [String: String]) throws {
        guard values.count <= maximumValues else { throw DomainError.invalid("values may hold at most \(maximumValues) entries") }
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard Validate.isValueName(name) else {
                throw DomainError.invalid("value names are letters, digits and _ (got '\(name.prefix(40))')")
            }
            try Validate.text(value, field: "values.\(name)", maximum: maximumValueLength, allowEmpty: true)
        }
    }
}
