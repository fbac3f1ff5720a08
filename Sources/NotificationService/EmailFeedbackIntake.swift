import AWSEvents
import Foundation
import HandlerRuntime
import Shared

/// SES's events about sent messages, as SNS delivers them: a delivery, a rejection, a bounce or
/// a complaint moves the notification's status (`NotificationLog.applying`, kept with its time).
/// Bounces and complaints are recorded too, and hard bounces and complaints put their addresses
/// on the suppression list; soft (transient) bounces are recorded only. Every write is by key or
/// conditional on what was read, so a redelivered event changes nothing but the history.
struct EmailFeedbackIntake: Sendable {
    let services: Services
    let context: LambdaContext

    /// SES's feedback comes from SNS, with no user behind it: recorded as the function's own work.
    static let caller = Caller.service("ses-feedback")

    var database: DatabaseClient {
        DatabaseClient(functions: services.functions, context: context, caller: Self.caller)
    }

    func process(_ event: SNSEvent) async throws -> [EmailFeedback] {
        guard !event.records.isEmpty else { throw DomainError.malformed("the SNS event has no Records") }
        var recorded: [EmailFeedback] = []
        for record in event.records {
            let notification: SESNotification
            do {
                notification = try record.sns.sesNotification()
            } catch {
                throw DomainError.malformed(
                    "SNS message \(record.sns.messageId.prefix(80)) is not an SES notification: "
                        + DecodingErrorDescription.describe(error)
                )
            }
            if let feedback = try await apply(notification) { recorded.append(feedback) }
        }
        return recorded
    }

    /// What an event says: the feedback to record, the suppression reason, the status it moves the notification to.
    private struct Outcome {
        var feedback: EmailFeedback?
        var suppress: String?
        var change: NotificationStatusChange?
    }

    private func apply(_ notification: SESNotification) async throws -> EmailFeedback? {
        guard let outcome = outcome(of: notification) else {
            context.logger.info(
                "SES notification ignored",
                [
                    "type": notification.notificationType ?? notification.eventType ?? "-",
                    "message_id": notification.mail.messageId,
                ]
            )
            return nil
        }
        if let bounce = notification.bounce, notification.kind == .bounce {
            context.logger.metric(.noticesBounced, 1, ["BounceType": bounce.bounceType])
        }
        if let feedback = outcome.feedback {
            try await database.putEmailFeedback(feedback)
            for address in feedback.recipients where Validate.isEmail(address) {
                guard let reason = outcome.suppress else { break }
                try await database.putSuppression(
                    Suppression(
                        emailAddress: address,
                        reason: reason,
                        lastUpdateTime: feedback.timestamp,
                        messageId: feedback.messageId,
                        feedbackId: feedback.feedbackId
                    )
                )
            }
        }
        if let change = outcome.change, let id = notification.mail.tags["notification_id"]?.first,
            NotificationID.isValid(id),
            try await database.updateNotificationStatus(id, change) == nil
        {
            context.logger.warning("an SES event for a notification that is not logged", ["notification_id": id])
        }
        context.logger.info(
            "SES event recorded",
            [
                "kind": notification.kind.rawValue, "message_id": notification.mail.messageId,
                "status": outcome.change?.status ?? "-",
            ]
        )
        return outcome.feedback
    }

    private func outcome(of notification: SESNotification) -> Outcome? {
        let mail = notification.mail
        switch notification.kind {
        case .bounce: return notification.bounce.map { outcome(of: $0, mail: mail) }
        case .complaint: return notification.complaint.map { outcome(of: $0, mail: mail) }
        case .delivery:
            guard let delivery = notification.delivery else { return nil }
            return Outcome(
                change: NotificationStatusChange(
                    status: NotificationStatus.delivered.rawValue,
                    at: delivery.timestamp,
                    detail: delivery.smtpResponse
                )
            )
        case .reject:
            guard let reject = notification.reject else { return nil }
            return Outcome(
                change: NotificationStatusChange(
                    status: NotificationStatus.rejected.rawValue,
                    at: mail.timestamp,
                    detail: reject.reason
                )
            )
        case .other:
            return nil
        }
    }

    /// A bounce is recorded; only a permanent one suppresses its recipients and marks the notice BOUNCED.
    private func outcome(of bounce: SESNotification.Bounce, mail: SESEvent.Mail) -> Outcome {
        let feedback = EmailFeedback(
            feedbackId: bounce.feedbackId,
            type: "Bounce",
            subtype: bounce.bounceType,
            detail: bounce.bounceSubType,
            messageId: mail.messageId,
            recipients: bounce.bouncedRecipients.map(\.emailAddress),
            notificationId: mail.tags["notification_id"]?.first,
            timestamp: bounce.timestamp
        )
        guard bounce.bounceType == "Permanent" else { return Outcome(feedback: feedback) }
        let why = bounce.bouncedRecipients.compactMap(\.diagnosticCode).first ?? "\(bounce.bounceSubType) bounce"
        return Outcome(
            feedback: feedback,
            suppress: "BOUNCE",
            change: NotificationStatusChange(
                status: NotificationStatus.bounced.rawValue,
                at: bounce.timestamp,
                detail: why
            )
        )
    }

    /// A complaint is recorded, suppresses its recipients and marks the notice COMPLAINED.
    private func outcome(of complaint: SESNotification.Complaint, mail: SESEvent.Mail) -> Outcome {
        let feedback = EmailFeedback(
            feedbackId: complaint.feedbackId,
            type: "Complaint",
            subtype: complaint.complaintFeedbackType,
            detail: complaint.complaintSubType,
            messageId: mail.messageId,
            recipients: complaint.complainedRecipients.map(\.emailAddress),
            notificationId: mail.tags["notification_id"]?.first,
            timestamp: complaint.timestamp
        )
        let why = "complaint reported by SES (\(complaint.complaintFeedbackType ?? "no feedback type"))"
        return Outcome(
            feedback: feedback,
            suppress: "COMPLAINT",
            change: NotificationStatusChange(
                status: NotificationStatus.complained.rawValue,
                at: complaint.timestamp,
                detail: why
            )
        )
    }
}
