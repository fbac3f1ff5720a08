import Foundation
import HandlerRuntime
import Shared

extension NotificationServiceHandler {
    /// Sends once per notification id: a request whose id is already logged as sent (or
    /// suppressed) answers that log, so Lambda's retries of a queued notice email nobody twice.
    /// Recipients on the suppression list are left out; with none left nothing is sent and the
    /// log says SUPPRESSED. Every message names the environment's reply address as `Reply-To`,
    /// and every template gets it as the value `reply_to`.
    func send(_ request: NotificationRequest, context: LambdaContext) async throws -> NotificationLog {
        try Self.admit(request)
        let database = DatabaseClient(functions: services.functions, context: context, caller: request.caller)
        let found = try await database.noticeContexts([Self.query(of: request)])[0]
        return try await send(request, found: found, context: context)
    }

    /// A request its caller may make, well formed: checked before anything is read or sent.
    static func admit(_ request: NotificationRequest) throws {
        try request.caller.require(senders, to: "send notifications")
        try check(request)
    }

    /// What the request's send needs to read first.
    static func query(of request: NotificationRequest) -> NoticeContextQuery {
        NoticeContextQuery(
            notificationId: request.notificationId,
            recipients: request.to,
            clientId: request.clientId,
            contractId: request.clientId == nil ? request.contractId : nil
        )
    }

    /// The send of a checked request, with what its query found.
    func send(
        _ request: NotificationRequest,
        found: NoticeContext,
        context: LambdaContext
    ) async throws -> NotificationLog {
        let database = DatabaseClient(functions: services.functions, context: context, caller: request.caller)
        if let logged = found.notification, logged.status != "FAILED" {
            context.logger.info(
                "notification already handled",
                ["notification_id": logged.notificationId, "status": logged.status]
            )
            return logged
        }
        let (to, values) = try Self.addressed(request, client: found.client)
        let template = try await TemplateStore(
            objects: services.objects,
            bucket: Buckets(services.configuration).templates
        )
        .template(named: request.template)
        let email = try TemplateRenderer.render(
            template,
            values: values,
            replyTo: services.configuration.replyToEmail
        )
        let log = newLog(of: request, template: template.name, subject: email.subject, to: to, found: found)
        let recipients = to.filter { !found.suppressed.contains($0) }
        guard !recipients.isEmpty else {
            try await database.putNotification(log.settled(.suppressed, at: services.now))
            context.logger.warning(
                "every recipient is on the suppression list; nothing sent",
                ["notification_id": log.notificationId]
            )
            context.logger.metric(.noticesSuppressed, 1, ["Template": template.name])
            return log.settled(.suppressed, at: services.now)
        }
        return try await deliver(email, to: recipients, log: log, database: database, context: context)
    }

    /// The log of a notice about to be sent, naming the recipients the suppression list leaves out.
    private func newLog(
        of request: NotificationRequest,
        template: String,
        subject: String,
        to: [String],
        found: NoticeContext
    ) -> NotificationLog {
        var log = NotificationLog(
            notificationId: request.notificationId ?? services.ids.next("NT", 12),
            contractId: request.contractId,
            template: template,
            recipients: to,
            subject: subject,
            messageId: nil,
            status: "SENT",
            sentAt: services.now,
            requestedBy: request.caller.subject
        )
        log.clientId = request.clientId ?? found.client?.clientId
        let suppressed = to.filter { found.suppressed.contains($0) }
        log.suppressedRecipients = suppressed.isEmpty ? nil : suppressed
        return log
    }

    /// Hands the email to SES and logs the outcome: SENT with its message id, or FAILED with SES's error.
    private func deliver(
        _ email: RenderedEmail,
        to recipients: [String],
        log: NotificationLog,
        database: DatabaseClient,
        context: LambdaContext
    ) async throws -> NotificationLog {
        var log = log
        do {
            log.messageId = try await services.mail.sendEmail(
                SendEmailRequest(
                    from: services.configuration.senderEmail,
                    to: recipients,
                    replyTo: [services.configuration.replyToEmail],
                    subject: email.subject,
                    textBody: email.text,
                    htmlBody: email.html,
                    template: log.template,
                    tags: ["notification_id": log.notificationId, "template": log.template]
                )
            )
        } catch let error as MailError {
            log.error = error.description
            try await database.putNotification(log.settled(.failed, at: services.now))
            context.logger.error("send failed", ["error": error.description, "template": log.template])
            switch error {
            case .invalidParameterValue(let message): throw DomainError.invalid(message)
            case .messageRejected(let message): throw DomainError.internal("SES rejected the message: \(message)")
            }
        }
        log = log.settled(.sent, at: services.now)
        try await database.putNotification(log)
        context.logger.info("notification sent", ["template": log.template, "message_id": log.messageId ?? ""])
        context.logger.metric(.noticesSent, 1, ["Template": log.template])
        return log
    }

    static func check(_ request: NotificationRequest) throws {
        // No address, with a client_id: the client's address.
        let least = request.clientId == nil ? 1 : 0
        guard (least...maximumMailRecipients).contains(request.to.count) else {
            throw DomainError.invalid(
                "to must list 1 to \(maximumMailRecipients) recipients (or none, with client_id: the client's)"
            )
        }
        for address in request.to { try Validate.email(address, field: "to") }
        if let contractId = request.contractId { try Validate.contractId(contractId) }
        if let clientId = request.clientId { try Validate.clientId(clientId) }
        try checkValues(request.values)
        if let id = request.notificationId, !NotificationID.isValid(id) {
            throw DomainError.invalid("notification_id must be NT followed by 12 upper-case letters or digits")
        }
    }

    /// The addresses and values of the message: as the request gives them, or, when it names the
    /// client instead of addresses, the client's address and name.
    static func addressed(
        _ request: NotificationRequest,
        client: Client?
    ) throws -> (to: [String], values: [String: String]) {
        var values = request.values
        guard request.to.isEmpty else { return (request.to, values) }
        guard let client, let clientId = request.clientId, client.clientId == clientId else {
            throw DomainError.notFound("client \(request.clientId ?? "-") does not exist")
        }
        if values["client_name"] == nil { values["client_name"] = client.name }
        return ([client.email], values)
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
