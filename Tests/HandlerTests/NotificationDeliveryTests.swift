import AWSEvents
import Foundation
import HandlerRuntime
import LocalAWS
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

@Suite("NotificationService: retries, suppression and SES feedback")
struct NotificationDeliveryTests {
    static let system = Caller(subject: "t-system", role: .system)

    func alert(to recipients: [String], id: String? = nil) -> NotificationRequest {
        NotificationRequest(
            template: "system-alert",
            to: recipients,
            values: ["severity": "INFO", "title": "Test", "message": "Hello", "environment": "development"],
            caller: Self.system,
            notificationId: id
        )
    }

    func suppress(_ test: TestSystem, _ address: String) async throws {
        let suppression = Suppression(
            emailAddress: address,
            reason: "BOUNCE",
            lastUpdateTime: "2026-11-01T00:00:00.000Z",
            messageId: nil,
            feedbackId: nil
        )
        let call = DatabaseCall(.putSuppression(suppression), for: .service("t-feedback"))
        _ = try await test.invoke(.databaseManager, call, as: JSONValue.self)
    }

    /// A fixture as SNS delivers it to a subscribed function.
    func snsEvent(_ fixture: String) throws -> SNSEvent {
        let text = try String(
            contentsOf: Self.fixtures.appendingPathComponent("ses-notification/\(fixture).json"),
            encoding: .utf8
        )
        return SNSDelivery.event(
            message: text,
            topicArn: "arn:aws:sns:us-east-1:123456789012:development-testex-ses-feedback",
            at: TestSystem.now
        )
    }

    @Test func aRetriedRequestWithTheSameNotificationIdIsSentOnce() async throws {
        let test = try await TestSystem()
        let before = try await test.system.outbox.list().count
        let first = try await test.invoke(
            .notificationService,
            alert(to: ["ops@testex-dev.com"], id: "NTRETRY0000001"),
            as: NotificationLog.self
        )
        let again = try await test.invoke(
            .notificationService,
            alert(to: ["ops@testex-dev.com"], id: "NTRETRY0000001"),
            as: NotificationLog.self
        )
        #expect(first == again)
        #expect(try await test.system.outbox.list().count == before + 1)
        await #expect(throws: DomainError.self) {
            try await test.invoke(
                .notificationService,
                alert(to: ["ops@testex-dev.com"], id: "nt-1"),
                as: NotificationLog.self
            )
        }
    }

    @Test func suppressedRecipientsAreLeftOutAndASendToNoneIsLoggedSuppressed() async throws {
        let test = try await TestSystem()
        try await suppress(test, "Blocked@Example.com")
        let before = try await test.system.outbox.list().count
        let none = try await test.invoke(
            .notificationService,
            alert(to: ["blocked@example.com"]),
            as: NotificationLog.self
        )
        #expect(
            none.status == "SUPPRESSED" && none.messageId == nil && none.suppressedRecipients == ["blocked@example.com"]
        )
        #expect(try await test.system.outbox.list().count == before, "nothing is written to the outbox")
        let logged = try await test.invoke(
            .databaseManager,
            DatabaseCall(DatabaseRequest.getNotification(notificationId: none.notificationId), for: TestSystem.admin),
            as: DatabaseClient.Record<NotificationLog>.self
        ).record
        #expect(logged?.status == "SUPPRESSED")

        let some = try await test.invoke(
            .notificationService,
            alert(to: ["blocked@example.com", "ops@testex-dev.com"]),
            as: NotificationLog.self
        )
        #expect(some.status == "SENT" && some.suppressedRecipients == ["blocked@example.com"])
        let message = try #require(try await test.system.outbox.message(id: some.messageId ?? ""))
        #expect(message.record.to == ["ops@testex-dev.com"])
    }

    @Test(arguments: [
        ("notification-examples.bounce-with-dsn", "jane@example.com", "BOUNCE"),
        ("notification-examples.complaint-with-feedback-report", "richard@example.com", "COMPLAINT"),
        ("event-publishing-retrieving-sns-examples.bounce", "recipient@example.com", "BOUNCE"),
        ("event-publishing-retrieving-sns-examples.complaint", "recipient@example.com", "COMPLAINT"),
    ])
    func sesFeedbackFixturesAreRecordedAndSuppressTheirAddresses(
        _ fixture: String,
        _ address: String,
        _ reason: String
    ) async throws {
        let test = try await TestSystem()
        let event = try snsEvent("amazon-ses-developer-guide__\(fixture)")
        let recorded = try await test.invoke(.notificationService, event, as: [EmailFeedback].self)
        #expect(recorded.count == 1)
        let suppression = try await test.invoke(
            .databaseManager,
            DatabaseCall(DatabaseRequest.getSuppression(emailAddress: address), for: TestSystem.admin),
            as: DatabaseClient.Record<Suppression>.self
        ).record
        #expect(suppression?.reason == reason)
        #expect(
            try await test.invoke(.notificationService, event, as: [EmailFeedback].self) == recorded,
            "a redelivery changes nothing"
        )
    }

    @Test func everyEmailNamesTheEnvironmentsReplyAddressAndItsStatusHistoryFollowsSESsEvents() async throws {
        let test = try await TestSystem()
        let log = try await test.invoke(
            .notificationService,
            alert(to: ["success@simulator.amazonses.com"]),
            as: NotificationLog.self
        )
        let messageId = try #require(log.messageId)
        let message = try #require(try await test.system.outbox.message(id: messageId))
        let eml = String(decoding: message.eml, as: UTF8.self)
        #expect(eml.contains("\r\nReply-To: support@testex-dev.com\r\n"))
        try await test.drain()
        let delivered = try await test.invoke(
            .databaseManager,
            DatabaseCall(.getNotification(notificationId: log.notificationId), for: TestSystem.admin),
            as: DatabaseClient.Record<NotificationLog>.self
        ).record
        #expect(delivered?.statusHistory?.map(\.status) == ["SENT", "DELIVERED"])
        #expect(throws: ConfigurationError.self) {
            try Configuration(variables: ["REPLY_TO_EMAIL": "support at example"])
        }
    }

    @Test func softBouncesAndDeliveriesSuppressNobody() async throws {
        let test = try await TestSystem()
        let delivery = try await test.invoke(
            .notificationService,
            try snsEvent("amazon-ses-developer-guide__notification-examples.delivery"),
            as: [EmailFeedback].self
        )
        #expect(delivery.isEmpty)
        try await test.drain()
        _ = try await test.invoke(
            .notificationService,
            alert(to: ["ooto@simulator.amazonses.com"]),
            as: NotificationLog.self
        )
        let report = try await test.drain()
        #expect(report.outcomes.count == 2, "the delivery event and the soft bounce are both delivered and recorded")
        let suppression = try await test.invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.getSuppression(emailAddress: "ooto@simulator.amazonses.com"),
                for: TestSystem.admin
            ),
            as: DatabaseClient.Record<Suppression>.self
        ).record
        #expect(suppression == nil)
    }

    @Test func aSimulatorBounceMarksTheNotificationAndStopsTheNextSend() async throws {
        let test = try await TestSystem()
        let log = try await test.invoke(
            .notificationService,
            alert(to: ["bounce@simulator.amazonses.com"]),
            as: NotificationLog.self
        )
        #expect(log.status == "SENT")
        try await test.drain()
        let marked = try await test.invoke(
            .databaseManager,
            DatabaseCall(DatabaseRequest.getNotification(notificationId: log.notificationId), for: TestSystem.admin),
            as: DatabaseClient.Record<NotificationLog>.self
        ).record
        #expect(marked?.status == "BOUNCED" && marked?.error == "smtp; 550 5.1.1 user unknown")
        let next = try await test.invoke(
            .notificationService,
            alert(to: ["bounce@simulator.amazonses.com"]),
            as: NotificationLog.self
        )
        #expect(next.status == "SUPPRESSED")
    }

    static let fixtures = EventFixture.root
}
