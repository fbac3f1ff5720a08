import Foundation

/// Outgoing email with SES's semantics. A message is validated completely before anything is
/// sent: the sender must be a verified identity, there are 1...50 recipients, every address is
/// a valid address, and no header value carries a line break. Errors are `MailError`.
public protocol MailSender: Sendable {
    /// Builds and sends a message as SES's SendEmail does; returns SES's message id.
    func sendEmail(_ request: SendEmailRequest) async throws -> String
    /// Sends a complete MIME message as SES's SendRawEmail does: `from` (else the From header)
    /// is checked against the verified identities; `destinations` (else the To, Cc and Bcc
    /// headers) receive it. Returns SES's message id.
    func sendRawEmail(from: String?, destinations: [String], rawMessage: Data) async throws -> String
}

/// The parameters of SendEmail. Addresses are `local@domain` or `Display Name <local@domain>`.
public struct SendEmailRequest: Sendable, Hashable {
    public var from: String
    public var to: [String]
    public var cc: [String]
    public var bcc: [String]
    public var replyTo: [String]
    public var subject: String
    public var textBody: String?
    public var htmlBody: String?
    /// The template the message was rendered from, kept in the outbox record.
    public var template: String?
    /// SES message tags (names and values of ASCII letters, digits, `_` and `-`), kept in the record.
    public var tags: [String: String]

    public init(
        from: String,
        to: [String],
        cc: [String] = [],
        bcc: [String] = [],
        replyTo: [String] = [],
        subject: String,
        textBody: String? = nil,
        htmlBody: String? = nil,
        template: String? = nil,
        tags: [String: String] = [:]
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.template = template
        self.tags = tags
    }
}

/// Errors of the mail service, named as SES names them.
public enum MailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// SES refused the message, e.g. the sender is not a verified identity.
    case messageRejected(String)
    /// A parameter is invalid: an address, the recipient count, a line break in a header value,
    /// an empty body, a tag.
    case invalidParameterValue(String)

    /// SES's error code.
    public var code: String {
        switch self {
        case .messageRejected: "MessageRejected"
        case .invalidParameterValue: "InvalidParameterValue"
        }
    }

    /// SES's error message.
    public var message: String {
        switch self {
        case .messageRejected(let message), .invalidParameterValue(let message): message
        }
    }

    public var description: String { "\(code): \(message)" }
}

/// The most recipients (To, Cc and Bcc together) SES accepts for one message.
public let maximumMailRecipients = 50
