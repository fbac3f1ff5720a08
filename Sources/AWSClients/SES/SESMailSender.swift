import Foundation
import Shared
import Signing
import WireFormat

/// `MailSender` over SES's v1 Query API (`SendEmail`, `SendRawEmail`, and `VerifyEmailIdentity`
/// for emulators), the API moto also serves. A message is checked for what SES would refuse
/// and for line breaks in header values before it is sent.
public struct SESMailSender: MailSender {
    private let client: AWSServiceClient
    /// The configuration set every message names, so SES publishes its bounces and complaints.
    public let configurationSet: String?

    public init(
        configuration: AWSConfiguration,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: @escaping @Sendable () -> Date = { Date() },
        configurationSet: String? = nil
    ) {
        client = AWSServiceClient(configuration: configuration, service: .ses, transport: transport, clock: clock)
        self.configurationSet = configurationSet.flatMap { $0.isEmpty ? nil : $0 }
    }

    public func sendEmail(_ request: SendEmailRequest) async throws -> String {
        try SESMessageChecks.check(request)
        var parameters: [(String, String)] = [("Action", "SendEmail"), ("Source", request.from)]
        parameters +=
            members("Destination.ToAddresses", request.to) + members("Destination.CcAddresses", request.cc)
            + members("Destination.BccAddresses", request.bcc) + members("ReplyToAddresses", request.replyTo)
        parameters += [("Message.Subject.Data", request.subject), ("Message.Subject.Charset", "UTF-8")]
        if let text = request.textBody, !text.isEmpty {
            parameters += [("Message.Body.Text.Data", text), ("Message.Body.Text.Charset", "UTF-8")]
        }
        if let html = request.htmlBody, !html.isEmpty {
            parameters += [("Message.Body.Html.Data", html), ("Message.Body.Html.Charset", "UTF-8")]
        }
        for (index, tag) in request.tags.sorted(by: { $0.key < $1.key }).enumerated() {
            parameters += [("Tags.member.\(index + 1).Name", tag.key), ("Tags.member.\(index + 1).Value", tag.value)]
        }
        parameters += configurationSetParameter
        return try await messageId(call(parameters), result: "SendEmailResult")
    }

    public func sendRawEmail(from: String?, destinations: [String], rawMessage: Data) async throws -> String {
        if let from { try SESMessageChecks.headerValue(from, field: "Source") }
        for destination in destinations { try SESMessageChecks.headerValue(destination, field: "Destinations") }
        guard destinations.count <= maximumMailRecipients else {
            throw MailError.invalidParameterValue("a message may have at most \(maximumMailRecipients) recipients")
        }
        var parameters: [(String, String)] = [
            ("Action", "SendRawEmail"), ("RawMessage.Data", rawMessage.base64EncodedString()),
        ]
        if let from { parameters.append(("Source", from)) }
        parameters += members("Destinations", destinations) + configurationSetParameter
        return try await messageId(call(parameters), result: "SendRawEmailResult")
    }

    /// Asks SES to verify an address as a sender (an emulator verifies it at once; AWS emails a link).
    public func verifyEmailIdentity(_ address: String) async throws {
        try SESMessageChecks.headerValue(address, field: "EmailAddress")
        _ = try await call([("Action", "VerifyEmailIdentity"), ("EmailAddress", address)])
    }

    private var configurationSetParameter: [(String, String)] {
        configurationSet.map { [("ConfigurationSetName", $0)] } ?? []
    }

    private func members(_ name: String, _ values: [String]) -> [(String, String)] {
        values.enumerated().map { ("\(name).member.\($0.offset + 1)", $0.element) }
    }

    private func messageId(_ document: XMLNode, result: String) throws -> String {
        guard let id = document.first(result)?.value("MessageId") else {
            throw AWSServiceError(
                service: "ses",
                status: 200,
                code: "MalformedResponse",
                message: "no MessageId in the answer"
            )
        }
        return id
    }

    /// One form-encoded POST; SES's error document becomes a `MailError` where the protocol names it.
    private func call(_ parameters: [(String, String)]) async throws -> XMLNode {
        let form = (parameters + [("Version", "2010-12-01")])
            .map { URIEncoding.formEncode($0.0) + "=" + URIEncoding.formEncode($0.1) }.joined(separator: "&")
        let request = AWSRequest(
            method: "POST",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Data(form.utf8)
        )
        let answer = try await client.send(request)
        let document = XMLNode.parse(answer.body)
        guard answer.isSuccess, let document else {
            let error = document?.first("Error")
            let code = error?.value("Code") ?? "HTTP\(answer.status)"
            let message = error?.value("Message") ?? String(decoding: answer.body.prefix(300), as: UTF8.self)
            switch code {
            case "MessageRejected": throw MailError.messageRejected(message)
            case "InvalidParameterValue": throw MailError.invalidParameterValue(message)
            default: throw AWSServiceError(service: "ses", status: answer.status, code: code, message: message)
            }
        }
        return document
    }
}

/// What is refused before a message leaves: what SES refuses itself, and line breaks in any
/// value that becomes a header, which no request may smuggle into a message.
enum SESMessageChecks {
    static func check(_ request: SendEmailRequest) throws {
        let recipients = request.to.count + request.cc.count + request.bcc.count
        guard recipients > 0 else { throw MailError.invalidParameterValue("the message has no recipients") }
        guard recipients <= maximumMailRecipients else {
            throw MailError.invalidParameterValue("a message may have at most \(maximumMailRecipients) recipients")
        }
        try headerValue(request.from, field: "Source")
        for address in request.to + request.cc + request.bcc + request.replyTo {
            try headerValue(address, field: "Destination")
        }
        try headerValue(request.subject, field: "Subject")
        guard !(request.textBody ?? "").isEmpty || !(request.htmlBody ?? "").isEmpty else {
            throw MailError.invalidParameterValue("the message body must contain text or HTML")
        }
    }

    static func headerValue(_ value: String, field: String) throws {
        guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            throw MailError.invalidParameterValue("\(field) contains a line break")
        }
    }
}
