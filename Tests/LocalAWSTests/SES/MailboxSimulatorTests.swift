import AWSEvents
import Foundation
import LocalAWS
import Shared
import TestSupport
import Testing
import WireFormat

/// Collects what an outbox publishes.
actor FeedbackCollector {
    private(set) var notifications: [SESNotification] = []
    func add(_ notification: SESNotification) { notifications.append(notification) }
}

@Suite("SES mailbox simulator")
struct MailboxSimulatorTests {
    /// Sends one message with each outbox and returns its id and the feedback published for it.
    func send(to recipients: [String], kind: MailOutboxKind) async throws -> (String, [SESNotification]) {
        try await send(terminationNotice(to: recipients), kind: kind)
    }

    func send(_ message: SendEmailRequest, kind: MailOutboxKind) async throws -> (String, [SESNotification]) {
        let collector = FeedbackCollector()
        let scratch = ScratchDirectory("testex-ses")
        defer { scratch.remove() }
        let sink: MailFeedbackSink = { await collector.add($0) }
        let outbox: any MailOutbox =
            switch kind {
            case .memory:
                MemoryMailOutbox(verifiedIdentities: MailOutboxKind.identities, clock: referenceClock, feedback: sink)
            case .file:
                FileMailOutbox(
                    root: scratch.url,
                    verifiedIdentities: MailOutboxKind.identities,
                    clock: referenceClock,
                    feedback: sink
                )
            }
        let id = try await outbox.sendEmail(message)
        #expect(try await outbox.message(id: id) != nil, "SES accepts the message whatever happens to it next")
        return (id, await collector.notifications)
    }

    @Test(arguments: MailOutboxKind.allCases)
    func deliveredMailPublishesOneDeliveryEventForItsRecipients(kind: MailOutboxKind) async throws {
        let (id, feedback) = try await send(to: ["success@simulator.amazonses.com", "contact@client.com"], kind: kind)
        #expect(feedback.map(\.eventType) == ["Delivery"])
        let delivery = try #require(feedback.first?.delivery)
        #expect(delivery.recipients == ["success@simulator.amazonses.com", "contact@client.com"])
        #expect(delivery.smtpResponse.hasPrefix("250 "))
        #expect(feedback.first?.mail.messageId == id && feedback.first?.kind == .delivery)
    }

    @Test(arguments: MailOutboxKind.allCases)
    func aMessageHoldingTheAntivirusTestSignatureIsRejectedAndReachesNobody(kind: MailOutboxKind) async throws {
        var message = terminationNotice(to: ["success@simulator.amazonses.com", "bounce@simulator.amazonses.com"])
        message.textBody = (message.textBody ?? "") + "\n" + Self.antivirusTestSignature + "\n"
        let (_, feedback) = try await send(message, kind: kind)
        #expect(feedback.map(\.eventType) == ["Reject"], "no delivery and no bounce follow a reject")
        #expect(feedback.first?.reject?.reason == "Bad content" && feedback.first?.kind == .reject)
    }

    @Test(arguments: MailOutboxKind.allCases)
    func theBounceAddressHardBouncesAsUnknownUser(kind: MailOutboxKind) async throws {
        let (id, feedback) = try await send(
            to: ["bounce+case1@simulator.amazonses.com", "contact@client.com"],
            kind: kind
        )
        #expect(feedback.map(\.eventType) == ["Delivery", "Bounce"], "the other recipient's delivery comes first")
        #expect(feedback.first?.delivery?.recipients == ["contact@client.com"])
        let notification = try #require(feedback.last)
        #expect(notification.kind == .bounce)
        let bounce = try #require(notification.bounce)
        #expect(bounce.bounceType == "Permanent" && bounce.bounceSubType == "General")
        #expect(bounce.bouncedRecipients.map(\.emailAddress) == ["bounce+case1@simulator.amazonses.com"])
        #expect(bounce.bouncedRecipients.first?.diagnosticCode == "smtp; 550 5.1.1 user unknown")
        #expect(notification.mail.messageId == id)
        #expect(notification.mail.destination == ["bounce+case1@simulator.amazonses.com", "contact@client.com"])
        #expect(
            notification.mail.tags["contract_id"] == ["CT001ABC"],
            "the message tags come back for the sender to match"
        )
    }

    @Test(arguments: MailOutboxKind.allCases)
    func eachScenarioGetsItsOwnNotification(kind: MailOutboxKind) async throws {
        let (_, feedback) = try await send(
            to: [
                "complaint@simulator.amazonses.com", "suppressionlist@simulator.amazonses.com",
                "ooto@simulator.amazonses.com",
            ],
            kind: kind
        )
        let bounces = feedback.compactMap(\.bounce)
        #expect(bounces.map(\.bounceSubType).sorted() == ["General", "OnAccountSuppressionList"])
        #expect(bounces.first { $0.bounceSubType == "OnAccountSuppressionList" }?.bounceType == "Permanent")
        #expect(
            bounces.first { $0.bounceSubType == "General" }?.bounceType == "Transient",
            "an automatic reply is a soft bounce"
        )
        let complaint = try #require(feedback.compactMap(\.complaint).first)
        #expect(complaint.complainedRecipients.map(\.emailAddress) == ["complaint@simulator.amazonses.com"])
        #expect(complaint.complaintFeedbackType == "abuse")
        #expect(
            Set(feedback.compactMap(\.bounce?.feedbackId) + [complaint.feedbackId]).count == 3,
            "each has its own feedback id"
        )
    }

    @Test func notificationsHaveTheShapeSESPublishesAndSurviveTheSNSEnvelope() async throws {
        let (_, feedback) = try await send(to: ["bounce@simulator.amazonses.com"], kind: .memory)
        let simulated = try #require(feedback.first)
        let fixture =
            try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: Self.fixtures
                        .appendingPathComponent(
                            "ses-notification/amazon-ses-developer-guide__event-publishing-retrieving-sns-examples.bounce.json"
                        )
                )
            ) as? [String: Any]
        let ours = try JSONSerialization.jsonObject(with: JSON.encode(simulated)) as? [String: Any]
        #expect(Set(ours?.keys ?? [:].keys) == Set(fixture?.keys ?? [:].keys))
        for member in ["bounce", "mail"] {
            let theirs = Set((fixture?[member] as? [String: Any])?.keys ?? [:].keys)
            let mine = Set((ours?[member] as? [String: Any])?.keys ?? [:].keys)
            #expect(mine == theirs, "\(member): \(mine.symmetricDifference(theirs))")
        }

        let event = SNSDelivery.event(
            message: JSON.string(simulated),
            topicArn: SNSDelivery.topicArn(
                name: "development-testex-ses-feedback",
                region: "us-east-1",
                account: "123456789012"
            ),
            at: referenceDate
        )
        let delivered = try JSON.decode(SNSEvent.self, from: JSON.encode(event))
        let record = try #require(delivered.records.first)
        #expect(record.eventSource == "aws:sns")
        #expect(try record.sns.sesNotification().bounce?.feedbackId == simulated.bounce?.feedbackId)
    }

    static let fixtures = EventFixture.root
    /// The standard antivirus test file's content (EICAR), harmless by design.
    static let antivirusTestSignature = #"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#
}
