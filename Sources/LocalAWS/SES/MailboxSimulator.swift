import AWSEvents
import Foundation
import Shared
import WireFormat

/// Where an outbox sends SES's feedback notifications (an SNS topic in AWS; the harness wires
/// it to NotificationService). Called after the message is stored; it must not fail the send.
public typealias MailFeedbackSink = @Sendable (SESNotification) async -> Void

/// SES's mailbox simulator: mail to `<scenario>[+label]@simulator.amazonses.com` gets the
/// scenario's outcome, as SES gives it. `success` is delivered; `bounce` is a hard bounce (550
/// 5.1.1 user unknown); `ooto` is delivered and soft-bounces (an automatic reply); `complaint` is
/// delivered, then complained about (abuse feedback); `suppressionlist` is a hard bounce as for an
/// address on the account-level suppression list. Any other address is delivered. The
/// configuration set publishes `Delivery` events for the delivered recipients too, and SES's
/// virus scan is played by the antivirus test signature (EICAR): a message holding it is
/// rejected (`Reject`, `Bad content`) and reaches nobody. Notifications have the configuration-set
/// event publishing shape (`eventType`), whose `mail.tags` carry the message's tags back.
enum MailboxSimulator {
    static let domain = "simulator.amazonses.com"

    enum Scenario: String {
        case success, bounce, ooto, complaint, suppressionlist
    }

    /// The scenario of an address, or nil for an address outside the simulator.
    static func scenario(of address: String) -> Scenario? {
        guard let at = address.lastIndex(of: "@"), address[address.index(after: at)...].lowercased() == domain else {
            return nil
        }
        let local = address[..<at].split(separator: "+", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        return Scenario(rawValue: local)
    }

    /// The standard antivirus test signature: what any virus scanner, SES's too, reports as a virus.
    static let antivirusTestSignature = #"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#

    /// The events SES publishes for a message it accepted: one notification per kind of outcome,
    /// deliveries first.
    static func feedback(for message: OutboxMessage, region: String, account: String) -> [SESNotification] {
        let record = message.record
        let recipients = (record.to + record.cc + record.bcc).compactMap {
            try? MailAddress(parsing: $0, field: "To").address
        }
        let outcomes = Dictionary(grouping: recipients) { scenario(of: $0) }
        let mail = mailObject(record, destination: recipients, region: region, account: account)
        let at = Timestamp.string(record.timestamp.addingTimeInterval(0.5))
        if containsVirus(message.eml) {
            return [
                SESNotification(eventType: "Reject", mail: mail, reject: SESNotification.Reject(reason: "Bad content"))
            ]
        }
        var notifications: [SESNotification] = []
        let delivered = recipients.filter { ![.bounce, .suppressionlist].contains(scenario(of: $0)) }
        if !delivered.isEmpty {
            let delivery = SESNotification.Delivery(
                timestamp: at,
                processingTimeMillis: 500,
                recipients: delivered,
                smtpResponse: "250 2.6.0 Message received",
                reportingMTA: "a8-70.smtp-out.amazonses.com"
            )
            notifications.append(SESNotification(eventType: "Delivery", mail: mail, delivery: delivery))
        }
        notifications += bounces(outcomes, mail: mail, at: at)
        if let complained = outcomes[.complaint] {
            let complaint = SESNotification.Complaint(
                complainedRecipients: complained.map { SESNotification.ComplainedRecipient(emailAddress: $0) },
                timestamp: at,
                feedbackId: SESMessageID.make(at: record.timestamp),
                complaintFeedbackType: "abuse",
                userAgent: "Amazon SES Mailbox Simulator",
                arrivalDate: mail.timestamp
            )
            notifications.append(SESNotification(eventType: "Complaint", mail: mail, complaint: complaint))
        }
        return notifications
    }

    /// The bounces of the message, by kind: hard (user unknown), on the suppression list, soft (out of office).
    private static func bounces(
        _ outcomes: [Scenario?: [String]],
        mail: SESEvent.Mail,
        at: String
    ) -> [SESNotification] {
        var notifications: [SESNotification] = []
        if let hard = outcomes[.bounce] {
            notifications.append(
                bounce(
                    mail,
                    at: at,
                    type: "Permanent",
                    subtype: "General",
                    recipients: failed(hard, diagnosticCode: "smtp; 550 5.1.1 user unknown"),
                    reportingMTA: "dsn; a8-96.smtp-out.amazonses.com"
                )
            )
        }
        if let suppressed = outcomes[.suppressionlist] {
            let diagnosticCode =
                "Amazon SES did not send the message to this address because it is on the "
                + "suppression list for your account."
            notifications.append(
                bounce(
                    mail,
                    at: at,
                    type: "Permanent",
                    subtype: "OnAccountSuppressionList",
                    recipients: failed(suppressed, diagnosticCode: diagnosticCode),
                    reportingMTA: "dns; amazonses.com"
                )
            )
        }
        if let away = outcomes[.ooto] {
            notifications.append(
                bounce(
                    mail,
                    at: at,
                    type: "Transient",
                    subtype: "General",
                    recipients: away.map { SESNotification.BouncedRecipient(emailAddress: $0) },
                    reportingMTA: nil
                )
            )
        }
        return notifications
    }

    /// Recipients of a permanent bounce: `failed`, status 5.1.1, with SES's diagnostic code.
    private static func failed(_ addresses: [String], diagnosticCode: String) -> [SESNotification.BouncedRecipient] {
        addresses.map {
            SESNotification.BouncedRecipient(
                emailAddress: $0,
                action: "failed",
                status: "5.1.1",
                diagnosticCode: diagnosticCode
            )
        }
    }

    /// Whether a part of the message holds the antivirus test signature, as written or in
    /// quoted-printable lines (its characters need no escaping there; only soft breaks may cut it).
    static func containsVirus(_ eml: Data) -> Bool {
        String(decoding: eml, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "").contains(
            antivirusTestSignature
        )
    }

    private static func bounce(
        _ mail: SESEvent.Mail,
        at time: String,
        type: String,
        subtype: String,
        recipients: [SESNotification.BouncedRecipient],
        reportingMTA: String?
    ) -> SESNotification {
        let bounce = SESNotification.Bounce(
            bounceType: type,
            bounceSubType: subtype,
            bouncedRecipients: recipients,
            timestamp: time,
            feedbackId: SESMessageID.make(at: Timestamp.parse(time) ?? Date()),
            reportingMTA: reportingMTA
        )
        return SESNotification(eventType: "Bounce", mail: mail, bounce: bounce)
    }

    /// The `mail` object of SES's notifications for a sent message.
    private static func mailObject(
        _ record: OutboxRecord,
        destination: [String],
        region: String,
        account: String
    ) -> SESEvent.Mail {
        let sender = (try? MailAddress(parsing: record.from, field: "Source"))
        var headers = [
            SESEvent.Header(name: "From", value: record.from),
            SESEvent.Header(name: "To", value: record.to.joined(separator: ", ")),
        ]
        if !record.cc.isEmpty { headers.append(SESEvent.Header(name: "Cc", value: record.cc.joined(separator: ", "))) }
        headers += [
            SESEvent.Header(name: "Subject", value: record.subject),
            SESEvent.Header(name: "MIME-Version", value: "1.0"),
        ]
        var tags = record.tags.mapValues { [$0] }
        tags["ses:from-domain"] = [sender.map { String($0.domain) } ?? "-"]
        tags["ses:caller-identity"] = ["testex-local"]
        return SESEvent.Mail(
            timestamp: Timestamp.string(record.timestamp),
            source: record.from,
            messageId: record.messageId,
            destination: destination,
            headers: headers,
            commonHeaders: SESEvent.CommonHeaders(
                from: [record.from],
                to: record.to,
                cc: record.cc,
                messageId: record.messageId,
                subject: record.subject
            ),
            sourceArn: "arn:aws:ses:\(region):\(account):identity/\(sender?.address ?? record.from)",
            sendingAccountId: account,
            tags: tags
        )
    }
}

extension OutboxComposer {
    /// Hands the mailbox simulator's notifications for a stored message to the sink, if any.
    func publishFeedback(for message: OutboxMessage, to sink: MailFeedbackSink?, account: String = "123456789012") async
    {
        guard let sink else { return }
        for notification in MailboxSimulator.feedback(for: message, region: region, account: account) {
            await sink(notification)
        }
    }
}
