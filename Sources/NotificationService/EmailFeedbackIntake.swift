import Foundation
import Shared

/// SES's bounce and complaint notifications, as SNS delivers them: each is recorded, the
/// notification it concerns is marked BOUNCED or COMPLAINED, and hard bounces and complaints put
/// their addresses on the suppression list. Soft (transient) bounces are recorded only, and
/// delivery notifications are ignored. Every write replaces by key, so a redelivery changes nothing.
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
                throw DomainError.malformed("SNS message \(record.sns.messageId.prefix(80)) is not an SES notification: "
                                            + DecodingErrorDescription.describe(error))
            }
            if let feedback = try await apply(notification) { recorded.append(feedback) }
        }
        return recorded
    }

    private func apply(_ notification: SESNotification) async throws -> EmailFeedback? {
        let notificationId = notification.mail.tags["notification_id"]?.first
        let feedback: EmailFeedback
        let suppress: String?
        let status: String?
        var diagnostic: String?
        switch notification.kind {
        case .bounce:
            guard let bounce = notification.bounce else { return nil }
            feedback = EmailFeedback(feedbackId: bounce.feedbackId, type: "Bounce", subtype: bounce.bounceType, detail: bounce.bounceSubType,
                                     messageId: notification.mail.messageId, recipients: bounce.bouncedRecipients.map(\.emailAddress),
                                     notificationId: notificationId, timestamp: bounce.timestamp)
            let hard = bounce.bounceType == "Permanent"
            context.logger.metric(.noticesBounced, 1, ["BounceType": bounce.bounceType])
            suppress = hard ? "BOUNCE" : nil
            status = hard ? "BOUNCED" : nil
            diagnostic = bounce.bouncedRecipients.compactMap(\.diagnosticCode).first
        case .complaint:
            guard let complaint = notification.complaint else { return nil }
            feedback = EmailFeedback(feedbackId: complaint.feedbackId, type: "Complaint", subtype: complaint.complaintFeedbackType,
                                     detail: complaint.complaintSubType, messageId: notification.mail.messageId,
                                     recipients: complaint.complainedRecipients.map(\.emailAddress), notificationId: notificationId,
                                     timestamp: complaint.timestamp)
            suppress = "COMPLAINT"
            status = "COMPLAINED"
        case .delivery, .other:
            context.logger.info("SES notification ignored", ["type": notification.notificationType ?? notification.eventType ?? "-",
                                                             "message_id": notification.mail.messageId])
            return nil
        }
        try await database.putEmailFeedback(feedback)
        if let reason = suppress {
            for address in feedback.recipients where Validate.isEmail(address) {
                try await database.putSuppression(Suppression(emailAddress: address, reason: reason, lastUpdateTime: feedback.timestamp,
                                                              messageId: feedback.messageId, feedbackId: feedback.feedbackId))
            }
        }
        if let status, let notificationId, NotificationID.isValid(notificationId) {
            if var log = try await database.notification(notificationId) {
                log.status = status
                log.error = diagnostic ?? "\(feedback.type) reported by SES (\(feedback.feedbackId))"
                try await database.putNotification(log)
            } else {
                context.logger.warning("feedback for a notification that is not logged", ["notification_id": notificationId])
            }
        }
        context.logger.info("SES feedback recorded", ["type": feedback.type, "feedback_id": feedback.feedbackId,
                                                      "recipients": feedback.recipients.joined(separator: ",")])
        return feedback
    }
}
