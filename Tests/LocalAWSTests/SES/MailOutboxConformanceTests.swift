import Foundation
import LocalAWS
import Shared
import Testing

@Suite("MailOutbox conformance")
struct MailOutboxConformanceTests {
    @Test(arguments: MailOutboxKind.allCases)
    func sentMessageIsAWellFormedMultipartMessageThatParsesBack(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, _ throws in
            let text =
                "Dear client,\nyour contract ends on 2026-12-31.\r\nTotal = 1 500,00 € \n"
                + String(repeating: "long line ", count: 30)
            let html = "<p>Prix: 1 500,00&nbsp;€</p>\n<p>" + String(repeating: "ü", count: 100) + "</p>"
            let request = SendEmailRequest(
                from: "TESTEX <noreply@testex-dev.com>",
                to: ["contact@client.com", "\"Doe, Jane\" <jane@client.com>"],
                cc: ["legal@client.com"],
                bcc: ["audit@testex.com"],
                replyTo: ["support@testex.com"],
                subject: "Contract CT001ABC terminated",
                textBody: text,
                htmlBody: html
            )
            let id = try await outbox.sendEmail(request)
            let message = try #require(try await outbox.message(id: id))
            let eml = try ParsedEML(message.eml)

            #expect(eml.headers["from"] == "TESTEX <noreply@testex-dev.com>")
            #expect(eml.headers["to"] == "contact@client.com, \"Doe, Jane\" <jane@client.com>")
            #expect(eml.headers["cc"] == "legal@client.com")
            #expect(eml.headers["reply-to"] == "support@testex.com")
            #expect(eml.headers["bcc"] == nil)
            #expect(!String(decoding: message.eml, as: UTF8.self).contains("audit@testex.com"))
            #expect(eml.headers["subject"] == "Contract CT001ABC terminated")
            #expect(eml.headers["message-id"] == "<\(id)@email.amazonses.com>")
            #expect(eml.headers["mime-version"] == "1.0")
            #expect(eml.headers["date"] == "Wed, 18 Nov 2026 11:06:40 +0000")
            #expect(eml.headers["content-type"]?.hasPrefix("multipart/alternative;") == true)
            #expect(Set(eml.headerNames).count == eml.headerNames.count)

            #expect(eml.parts.count == 2)
            #expect(eml.parts[0].headers["content-type"] == "text/plain; charset=UTF-8")
            #expect(eml.parts[1].headers["content-type"] == "text/html; charset=UTF-8")
            #expect(
                eml.parts[0].body
                    == text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
            )
            #expect(eml.parts[1].body == html.replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }

    @Test(
        arguments: MailOutboxKind.allCases,
        [
            "Vertrag gekündigt – Ihre Bestätigung", "契約終了のお知らせ", "🧾 Résiliation",
            String(repeating: "Kündigung ", count: 40), "Subject with =?UTF-8?B?trap?= text",
        ]
    )
    func nonASCIISubjectsAreEncodedWordsThatDecodeBack(kind: MailOutboxKind, subject: String) async throws {
        try await kind.withOutbox { outbox, _ throws in
            let id = try await outbox.sendEmail(terminationNotice(subject: subject))
            let message = try #require(try await outbox.message(id: id))
            let eml = try ParsedEML(message.eml)
            #expect(eml.headers["subject"]?.contains("=?UTF-8?B?") == true)
            #expect(eml.decoded("Subject") == subject)
            #expect(eml.subjectLines.allSatisfy { $0.utf8.count <= 78 })
            #expect(message.record.subject == subject)
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func longPlainSubjectsFoldAtSpacesAndUnfoldExactly(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, _ throws in
            let subject = (1...40).map { "word\($0)" }.joined(separator: " ")
            let id = try await outbox.sendEmail(terminationNotice(subject: subject))
            let eml = try ParsedEML(try #require(try await outbox.message(id: id)).eml)
            #expect(eml.headers["subject"] == subject)
            #expect(eml.subjectLines.allSatisfy { $0.utf8.count <= 78 })
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func textOnlyMessagesAreASinglePart(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, _ throws in
            var request = terminationNotice()
            request.htmlBody = nil
            let eml = try ParsedEML(try #require(try await outbox.message(id: outbox.sendEmail(request))).eml)
            #expect(eml.headers["content-type"] == "text/plain; charset=UTF-8")
            #expect(eml.parts.map(\.body) == ["Your contract CT001ABC was terminated."])
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func nonASCIIAndSpecialDisplayNamesAreEncodedOrQuoted(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, _ throws in
            let request = SendEmailRequest(
                from: "Équipe TESTEX <noreply@testex-dev.com>",
                to: ["Doe, \"JD\" <jd@client.com>", "Ann <ann@client.com>"],
                subject: "Hi",
                textBody: "x"
            )
            let eml = try ParsedEML(try #require(try await outbox.message(id: outbox.sendEmail(request))).eml)
            #expect(eml.decoded("From") == "Équipe TESTEX <noreply@testex-dev.com>")
            #expect(eml.headers["to"] == #""Doe, \"JD\"" <jd@client.com>, Ann <ann@client.com>"#)
        }
    }

    static let injections: [(String, @Sendable (inout SendEmailRequest) -> Void)] = [
        ("subject CRLF", { $0.subject = "Hi\r\nBcc: x@evil.com" }),
        ("subject LF", { $0.subject = "Hi\nBcc: x@evil.com" }),
        ("subject CR", { $0.subject = "Hi\rBcc: x@evil.com" }),
        ("to address", { $0.to = ["contact@client.com\r\nBcc: x@evil.com"] }),
        ("to display name", { $0.to = ["Client\r\nBcc: x@evil.com <contact@client.com>"] }),
        ("cc", { $0.cc = ["a@client.com\nBcc: x@evil.com"] }),
        ("bcc", { $0.bcc = ["a@client.com\r\n"] }),
        ("reply-to", { $0.replyTo = ["\r\nBcc: x@evil.com"] }),
        ("from", { $0.from = "noreply@testex-dev.com\r\nBcc: x@evil.com" }),
        ("from display name", { $0.from = "TESTEX\r\nX-Evil: 1 <noreply@testex-dev.com>" }),
    ]

    @Test(arguments: MailOutboxKind.allCases, injections.indices)
    func lineBreaksInAnyHeaderValueAreRejectedAndNothingIsWritten(kind: MailOutboxKind, index: Int) async throws {
        try await kind.withOutbox { outbox, files throws in
            var request = terminationNotice()
            Self.injections[index].1(&request)
            await #expect(throws: MailError.self, "\(Self.injections[index].0)") { try await outbox.sendEmail(request) }
            #expect(try await outbox.list().isEmpty)
            #expect(files().isEmpty)
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func headerInjectionNamesTheProblem(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, _ throws in
            await #expect(
                throws: MailError.invalidParameterValue(
                    "Subject contains a line break (CR or LF); header values must be a single line"
                )
            ) {
                try await outbox.sendEmail(terminationNotice(subject: "Hi\r\nBcc: x@evil.com"))
            }
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func atMostFiftyRecipientsInAll(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, files throws in
            let addresses = (1...51).map { "user\($0)@client.com" }
            var request = terminationNotice(to: Array(addresses[0..<20]))
            request.cc = Array(addresses[20..<40])
            request.bcc = Array(addresses[40..<51])
            await #expect(throws: MailError.invalidParameterValue("Recipient count exceeds 50: the message has 51")) {
                try await outbox.sendEmail(request)
            }
            #expect(files().isEmpty)
            request.bcc.removeLast()
            _ = try await outbox.sendEmail(request)
            #expect(try await outbox.list().first?.bcc.count == 10)
            request.to = []
            request.cc = []
            request.bcc = []
            await #expect(throws: MailError.self) { try await outbox.sendEmail(request) }
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func unverifiedSendersAreRejectedAsSESDoes(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, files throws in
            var request = terminationNotice()
            request.from = "Boss <ceo@evil.com>"
            await #expect(
                throws: MailError.messageRejected(
                    "Email address is not verified. The following identities failed the check in region US-EAST-1: ceo@evil.com"
                )
            ) {
                try await outbox.sendEmail(request)
            }
            request.from = "someone@sub.notifications.testex.com"
            await #expect(throws: MailError.self) { try await outbox.sendEmail(request) }
            #expect(files().isEmpty)
            request.from = "Alerts <ALERTS@Notifications.TESTEX.com>"
            _ = try await outbox.sendEmail(request)
            request.from = "NoReply@testex-dev.com"
            _ = try await outbox.sendEmail(request)
            #expect(try await outbox.list().count == 2)
        }
    }

    @Test(
        arguments: MailOutboxKind.allCases,
        [
            "plain", "a@b", "a@@b.com", "a b@c.com", ".a@b.com", "a..b@c.com", "a.@b.com",
            "a@-b.com", "a@b-.com", "a@b..com", "ü@b.com", "a@bü.com", "", "<>", "Name <>", "a@b.com>",
            String(repeating: "x", count: 65) + "@b.com",
        ]
    )
    func malformedAddressesAreInvalidParameterValues(kind: MailOutboxKind, address: String) async throws {
        try await kind.withOutbox { outbox, files throws in
            await #expect(throws: MailError.self) { try await outbox.sendEmail(terminationNotice(to: [address])) }
            #expect(files().isEmpty)
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func emptyBodiesAndBadTagsOrTemplateNamesAreRejected(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, _ throws in
            var request = terminationNotice()
            request.textBody = ""
            request.htmlBody = nil
            await #expect(throws: MailError.invalidParameterValue("the message body must contain text or HTML")) {
                try await outbox.sendEmail(request)
            }
            request = terminationNotice()
            request.tags = ["recipient": "a@b.com"]
            await #expect(throws: MailError.self) { try await outbox.sendEmail(request) }
            request = terminationNotice()
            request.template = "../templates/x"
            await #expect(throws: MailError.self) { try await outbox.sendEmail(request) }
            #expect(try await outbox.list().isEmpty)
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func recordsListOldestFirstAndKeepWhatWasSent(kind: MailOutboxKind) async throws {
        let ticks = TickingClock()
        let clock: @Sendable () -> Date = { ticks.next() }
        try await kind.withOutbox(clock: clock) { outbox, _ throws in
            let first = try await outbox.sendEmail(terminationNotice(subject: "first"))
            let second = try await outbox.sendEmail(terminationNotice(subject: "second"))
            let records = try await outbox.list()
            #expect(records.map(\.messageId) == [first, second])
            let record = try #require(records.first)
            #expect(record.from == "TESTEX <noreply@testex-dev.com>")
            #expect(record.to == ["contact@client.com"])
            #expect(record.subject == "first")
            #expect(record.template == "contract_termination")
            #expect(record.tags == ["contract_id": "CT001ABC"])
            #expect(record.status == "SENT")
            #expect(record.timestamp < records[1].timestamp)
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func messageIdsLookLikeSESAndOnlyThatShapeIsLookedUp(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, _ throws in
            let id = try await outbox.sendEmail(terminationNotice())
            #expect(
                id.wholeMatch(
                    of: /0100[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000/
                ) != nil
            )
            #expect(
                id.hasPrefix(
                    "0100" + String(UInt64(referenceDate.timeIntervalSince1970 * 1000), radix: 16).leftPadded(12)
                )
            )
            #expect(try await outbox.message(id: "../outbox/\(id)") == nil)
            #expect(try await outbox.message(id: id.uppercased()) == nil)
        }
    }

    @Test(arguments: MailOutboxKind.allCases)
    func rawMessagesAreCheckedAndKeptAsGiven(kind: MailOutboxKind) async throws {
        try await kind.withOutbox { outbox, files throws in
            let raw = Data(
                "From: TESTEX <noreply@testex-dev.com>\r\nTo: a@client.com, \"B, C\" <b@client.com>\r\nCc: c@client.com\r\nSubject: =?UTF-8?B?S8O8bmRpZ3VuZw==?=\r\n\r\nBody\r\n"
                    .utf8
            )
            let id = try await outbox.sendRawEmail(from: nil, destinations: [], rawMessage: raw)
            let message = try #require(try await outbox.message(id: id))
            #expect(message.eml == raw)
            #expect(message.record.to == ["a@client.com", "\"B, C\" <b@client.com>"])
            #expect(message.record.cc == ["c@client.com"])
            #expect(message.record.subject == "Kündigung")

            await #expect(throws: MailError.self) {
                try await outbox.sendRawEmail(from: "ceo@evil.com", destinations: ["a@client.com"], rawMessage: raw)
            }
            await #expect(throws: MailError.self) {
                try await outbox.sendRawEmail(
                    from: "noreply@testex-dev.com\r\nBcc: x@evil.com",
                    destinations: ["a@client.com"],
                    rawMessage: raw
                )
            }
            await #expect(throws: MailError.self) {
                try await outbox.sendRawEmail(
                    from: nil,
                    destinations: (1...51).map { "u\($0)@client.com" },
                    rawMessage: raw
                )
            }
            await #expect(throws: MailError.self) {
                try await outbox.sendRawEmail(
                    from: nil,
                    destinations: ["a@client.com"],
                    rawMessage: Data("no headers at all".utf8)
                )
            }
            #expect(try await outbox.list().count == 1)
            if kind == .file { #expect(files().count == 2) }
        }
    }
}

/// A clock that advances one second per reading.
final class TickingClock: Sendable {
    private let count = TickCounter()
    func next() -> Date { referenceDate.addingTimeInterval(Double(count.increment())) }
}

/// A thread-safe counter for test clocks.
final class TickCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

extension String {
    fileprivate func leftPadded(_ length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
