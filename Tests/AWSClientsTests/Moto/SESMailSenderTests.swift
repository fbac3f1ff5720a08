import AWSClients
import Foundation
import Shared
import TestSupport
import Testing

/// `SESMailSender` against moto's SES v1 API: verified senders only, raw messages, refusals.
@Suite("SES client against moto", .enabled(if: MotoServer.isAvailable, "python3 with moto[server] is not installed"))
struct SESMailSenderTests {
    func request(from: String) -> SendEmailRequest {
        SendEmailRequest(
            from: from,
            to: ["contact@client.com"],
            cc: ["copy@client.com"],
            replyTo: ["support@testex.com"],
            subject: "Termination of contract CT001ABC",
            textBody: "Dear client",
            htmlBody: "<p>Dear client</p>",
            template: "termination-notice",
            tags: ["template": "termination-notice"]
        )
    }

    @Test func anUnverifiedSenderIsRejectedAndAVerifiedOneSends() async throws {
        let mail = SESMailSender(configuration: try await MotoServer.configuration())
        let sender = "\(MotoServer.uniqueName("noreply"))@testex-dev.com"
        await #expect(throws: MailError.self) { try await mail.sendEmail(request(from: sender)) }
        try await mail.verifyEmailIdentity(sender)
        let id = try await mail.sendEmail(request(from: sender))
        #expect(!id.isEmpty)
        let raw = Data("From: \(sender)\r\nTo: contact@client.com\r\nSubject: Raw\r\n\r\nbody\r\n".utf8)
        let rawId = try await mail.sendRawEmail(from: nil, destinations: ["contact@client.com"], rawMessage: raw)
        #expect(!rawId.isEmpty && rawId != id)
    }

    @Test func headerInjectionAndMissingRecipientsAreRefusedBeforeSending() async throws {
        let mail = SESMailSender(configuration: try await MotoServer.configuration())
        var injected = request(from: "noreply@testex-dev.com")
        injected.subject = "Hello\r\nBcc: victim@example.com"
        await #expect(throws: MailError.invalidParameterValue("Subject contains a line break")) {
            try await mail.sendEmail(injected)
        }
        var empty = request(from: "noreply@testex-dev.com")
        empty.to = []
        empty.cc = []
        await #expect(throws: MailError.invalidParameterValue("the message has no recipients")) {
            try await mail.sendEmail(empty)
        }
    }
}
