import Foundation
import Shared

/// SES's checks and the message it builds, shared by every outbox so they accept and refuse
/// exactly the same requests. Nothing here writes; an outbox stores what `compose` returns.
struct OutboxComposer: Sendable {
    /// Addresses (`noreply@testex-dev.com`) and domains (`testex-dev.com`), lower-cased.
    let verifiedIdentities: [String]
    let region: String

    /// SES's limit on a whole message, raw or built.
    static let maximumMessageSize = 10 * 1024 * 1024

    init(verifiedIdentities: [String], region: String) {
        self.verifiedIdentities = verifiedIdentities.map { $0.trimmingWhitespace().lowercased() }
        self.region = region
    }

    /// The record and `.eml` of a SendEmail request, or the `MailError` SES would answer.
    /// `messageId` is the id another service gave the message, else a new one is made.
    func compose(_ request: SendEmailRequest, at date: Date, messageId: String? = nil) throws -> OutboxMessage {
        let from = try MailAddress(parsing: request.from, field: "Source")
        let to = try request.to.map { try MailAddress(parsing: $0, field: "ToAddresses") }
        let cc = try request.cc.map { try MailAddress(parsing: $0, field: "CcAddresses") }
        let bcc = try request.bcc.map { try MailAddress(parsing: $0, field: "BccAddresses") }
        let replyTo = try request.replyTo.map { try MailAddress(parsing: $0, field: "ReplyToAddresses") }
        try checkRecipientCount(to.count + cc.count + bcc.count)
        try HeaderValue.check(request.subject, field: "Subject")
        let textBody = request.textBody.flatMap { $0.isEmpty ? nil : $0 }
        let htmlBody = request.htmlBody.flatMap { $0.isEmpty ? nil : $0 }
        guard textBody != nil || htmlBody != nil else {
            throw MailError.invalidParameterValue("the message body must contain text or HTML")
        }
        if let template = request.template { try checkName(template, what: "template name", maximumLength: 64) }
        for (name, value) in request.tags {
            try checkName(name, what: "message tag name", maximumLength: 256)
            try checkName(value, what: "message tag value", maximumLength: 256)
        }
        try checkVerified(from)

        let id = messageId ?? SESMessageID.make(at: date)
        let eml = MIMEMessage(
            date: date,
            messageId: id,
            from: from,
            to: to,
            cc: cc,
            replyTo: replyTo,
            subject: request.subject,
            textBody: textBody,
            htmlBody: htmlBody
        ).rendered()
        try checkSize(eml.count)
        let record = OutboxRecord(
            messageId: id,
            timestamp: date,
            from: request.from,
            to: request.to,
            cc: request.cc,
            bcc: request.bcc,
            subject: request.subject,
            template: request.template,
            tags: request.tags
        )
        return OutboxMessage(record: record, eml: eml)
    }

    /// The record of a SendRawEmail request (its `.eml` is the message as given).
    func composeRaw(
        from: String?,
        destinations: [String],
        rawMessage: Data,
        at date: Date,
        messageId: String? = nil
    ) throws -> OutboxMessage {
        try checkSize(rawMessage.count)
        let headers = try RawMessageHeaders(rawMessage)
        guard let source = from ?? headers.values("From").first else {
            throw MailError.invalidParameterValue("the message has no sender: give Source or a From header")
        }
        let sender = try MailAddress(parsing: source, field: from == nil ? "From" : "Source")
        let recipients =
            destinations.isEmpty
            ? headers.addresses("To") + headers.addresses("Cc") + headers.addresses("Bcc") : destinations
        for recipient in recipients { _ = try MailAddress(parsing: recipient, field: "Destinations") }
        try checkRecipientCount(recipients.count)
        try checkVerified(sender)

        let to = headers.addresses("To")
        let record = OutboxRecord(
            messageId: messageId ?? SESMessageID.make(at: date),
            timestamp: date,
            from: source,
            to: to.isEmpty ? recipients : to,
            cc: headers.addresses("Cc"),
            bcc: headers.addresses("Bcc"),
            subject: headers.values("Subject").first.map(EncodedWords.decode) ?? "",
            template: nil,
            tags: [:]
        )
        return OutboxMessage(record: record, eml: rawMessage)
    }

    private func checkVerified(_ sender: MailAddress) throws {
        let address = sender.address.lowercased()
        let domain = sender.domain.lowercased()
        guard verifiedIdentities.contains(where: { $0 == address || (!$0.contains("@") && $0 == domain) }) else {
            throw MailError.messageRejected(
                "Email address is not verified. The following identities failed the check in region "
                    + "\(region.uppercased()): \(sender.address)"
            )
        }
    }

    private func checkRecipientCount(_ count: Int) throws {
        if count == 0 { throw MailError.invalidParameterValue("the message has no recipients") }
        if count > maximumMailRecipients {
            throw MailError.invalidParameterValue(
                "Recipient count exceeds \(maximumMailRecipients): the message has \(count)"
            )
        }
    }

    private func checkSize(_ bytes: Int) throws {
        if bytes > Self.maximumMessageSize {
            throw MailError.invalidParameterValue(
                "Message length is more than \(Self.maximumMessageSize) bytes long: \(bytes)"
            )
        }
    }

    /// SES's rule for template names and message tags: ASCII letters, digits, `_` and `-`.
    private func checkName(_ text: String, what: String, maximumLength: Int) throws {
        let valid =
            (1...maximumLength).contains(text.utf8.count)
            && text.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                    || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }
        guard valid else {
            throw MailError.invalidParameterValue(
                "\(what) \(text.debugDescription) must be 1 to \(maximumLength) ASCII letters, digits, '_' or '-'"
            )
        }
    }
}
