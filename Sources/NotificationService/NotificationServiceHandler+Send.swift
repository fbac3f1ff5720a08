import Foundation
import Shared

extension NotificationServiceHandler {
    /// Sends once per notification id: a request whose id is already logged as sent (or
    /// suppressed) answers that log, so Lambda's retries of a queued notice email nobody twice.
    /// Recipients on the suppression list are left out; with none left nothing is sent and the
    /// log says SUPPRESSED. Every message names the environment's reply address as `Reply-To`,
    /// and every template gets it as the value `reply_to`.
    func send(_ request: NotificationRequest, context: LambdaContext) async throws -> NotificationLog {
        try request.caller.require(Self.senders, to: "send notifications")
        try Self.check(request)
        let database = DatabaseClient(functions: services.functions, context: context, caller: request.caller)
        if let id = request.notificationId, let logged = try await database.notification(id), logged.status != "FAILED" {
            context.logger.info("notification already handled", ["notification_id": id, "status": logged.status])
            return logged
        }
        let template = try await TemplateStore(objects: services.objects, bucket: Buckets(services.configuration).templates)
            .template(named: request.template)
        let email = try TemplateRenderer.render(
            template, values: request.values, replyTo: services.configuration.replyToEmail)
        var log = NotificationLog(
            notificationId: request.notificationId ?? services.ids.next("NT", 12), contractId: request.contractId,
            template: template.name, recipients: request.to, subject: email.subject, messageId: nil, status: "SENT",
            sentAt: services.now, requestedBy: request.caller.subject)
        log.clientId = try await clientId(of: request, database)
        var recipients: [String] = []
        var suppressed: [String] = []
        for address in request.to {
            if try await database.suppression(address) != nil { suppressed.append(address) } else { recipients.append(address) }
        }
        log.suppressedRecipients = suppressed.isEmpty ? nil : suppressed
        guard !recipients.isEmpty else {
            try await database.putNotification(log.settled(.suppressed, at: services.now))
            context.logger.warning("every recipient is on the suppression list; nothing sent", ["notification_id": log.notificationId])
            context.logger.metric(.noticesSuppressed, 1, ["Template": template.name])
            return log.settled(.suppressed, at: services.now)
        }
        do {
            log.messageId = try await services.mail.sendEmail(SendEmailRequest(
                from: services.configuration.senderEmail, to: recipients, replyTo: [services.configuration.replyToEmail],
                subject: email.subject, textBody: email.text, htmlBody: email.html, template: template.name,
                tags: ["notification_id": log.notificationId, "template": template.name]))
        } catch let error as MailError {
            log.error = error.description
            try await database.putNotification(log.settled(.failed, at: services.now))
            context.logger.error("send failed", ["error": error.description, "template": template.name])
            switch error {
            case .invalidParameterValue(let message): throw DomainError.invalid(message)
            case .messageRejected(let message): throw DomainError.internal("SES rejected the message: \(message)")
            }
        }
        log = log.settled(.sent, at: services.now)
        try await database.putNotification(log)
        context.logger.info("notification sent", ["template": template.name, "message_id": log.messageId ?? ""])
        context.logger.metric(.noticesSent, 1, ["Template": template.name])
        return log
    }

    static func check(_ request: NotificationRequest) throws {
        guard (1...maximumMailRecipients).contains(request.to.count) else {
            throw DomainError.invalid("to must list 1 to \(maximumMailRecipients) recipients")
        }
        for address in request.to { try Validate.email(address, field: "to") }
        if let contractId = request.contractId { try Validate.contractId(contractId) }
        if let clientId = request.clientId { try Validate.clientId(clientId) }
        try checkValues(request.values)
        if let id = request.notificationId, !NotificationID.isValid(id) {
            throw DomainError.invalid("notification_id must be NT followed by 12 upper-case letters or digits")
        }
    }

    /// The client the notification is for: as the sender says, else the contract's.
    private func clientId(of request: NotificationRequest, _ database: DatabaseClient) async throws -> String? {
        if let clientId = request.clientId { return clientId }
        guard let contractId = request.contractId else { return nil }
        return try await database.contract(contractId)?.clientId
    }
}

extension NotificationLog {
    /// The log as first written: its status, and the history that begins with it.
    func settled(_ status: NotificationStatus, at time: String) -> NotificationLog {
        var log = self
        log.status = status.rawValue
        log.statusHistory = [NotificationStatusChange(status: status.rawValue, at: time, detail: error)]
        log.updatedAt = time
        return log
    }
}
