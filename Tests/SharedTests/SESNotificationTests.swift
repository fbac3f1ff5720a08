import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing

@Suite("SES notifications and the SNS events that carry them")
struct SESNotificationTests {
    private func notification(_ name: String) throws -> SESNotification {
        try EventFixture.named(name, in: "ses-notification").decode(SESNotification.self)
    }

    @Test func bounceWithDSNIsRead() throws {
        let notification = try notification("amazon-ses-developer-guide__notification-examples.bounce-with-dsn")
        #expect(notification.notificationType == "Bounce")
        #expect(notification.kind == .bounce)
        let bounce = try #require(notification.bounce)
        #expect(bounce.bounceType == "Permanent")
        #expect(bounce.bounceSubType == "General")
        #expect(bounce.reportingMTA == "dns; email.example.com")
        #expect(bounce.feedbackId == "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000")
        let recipient = try #require(bounce.bouncedRecipients.first)
        #expect(bounce.bouncedRecipients.count == 1)
        #expect(recipient.emailAddress == "jane@example.com")
        #expect(recipient.status == "5.1.1")
        #expect(recipient.action == "failed")
        #expect(recipient.diagnosticCode == "smtp; 550 5.1.1 <jane@example.com>... User")
        #expect(notification.mail.messageId == "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000")
        #expect(notification.mail.destination == ["jane@example.com", "mary@example.com", "richard@example.com"])
        #expect(notification.mail.sendingAccountId == "123456789012")
    }

    @Test func bounceWithoutDSNListsOnlyAddresses() throws {
        let bounce = try #require(
            try notification("amazon-ses-developer-guide__notification-examples.bounce-without-dsn").bounce
        )
        #expect(bounce.bouncedRecipients.map(\.emailAddress) == ["jane@example.com", "richard@example.com"])
        #expect(bounce.bouncedRecipients.allSatisfy { $0.status == nil && $0.diagnosticCode == nil })
        #expect(bounce.reportingMTA == nil)
    }

    @Test func complaintsWithAndWithoutFeedbackReportAreRead() throws {
        let withReport = try notification(
            "amazon-ses-developer-guide__notification-examples.complaint-with-feedback-report"
        )
        #expect(withReport.kind == .complaint)
        let complaint = try #require(withReport.complaint)
        #expect(complaint.complainedRecipients.map(\.emailAddress) == ["richard@example.com"])
        #expect(complaint.complaintFeedbackType == "abuse")
        #expect(complaint.userAgent == "AnyCompany Feedback Loop (V0.01)")
        #expect(complaint.arrivalDate == "2016-01-27T14:59:38.237Z")

        let bare = try #require(
            try notification("amazon-ses-developer-guide__notification-examples.complaint-without-feedback-report")
                .complaint
        )
        #expect(bare.complaintFeedbackType == nil)
        #expect(bare.feedbackId == "0000013786031775-fea503bc-7497-49e1-881b-a0379bb037d3-000000")
    }

    @Test func deliveryIsRead() throws {
        let notification = try notification("amazon-ses-developer-guide__notification-examples.delivery")
        #expect(notification.kind == .delivery)
        let delivery = try #require(notification.delivery)
        #expect(delivery.recipients == ["jane@example.com"])
        #expect(delivery.processingTimeMillis == 546)
        #expect(delivery.smtpResponse == "250 ok:  Message 64111812 accepted")
        #expect(delivery.reportingMTA == "a8-70.smtp-out.amazonses.com")
    }

    @Test func eventPublishingPayloadsUseEventType() throws {
        let bounce = try notification("amazon-ses-developer-guide__event-publishing-retrieving-sns-examples.bounce")
        #expect(bounce.eventType == "Bounce")
        #expect(bounce.notificationType == nil)
        #expect(bounce.kind == .bounce)
        #expect(bounce.bounce?.bouncedRecipients.first?.emailAddress == "recipient@example.com")
        #expect(bounce.mail.tags["ses:configuration-set"] == ["ConfigSet"])

        let complaint = try notification(
            "amazon-ses-developer-guide__event-publishing-retrieving-sns-examples.complaint"
        )
        #expect(complaint.kind == .complaint)
        #expect(complaint.complaint?.complaintFeedbackType == "abuse")

        let delivery = try notification("amazon-ses-developer-guide__event-publishing-retrieving-sns-examples.delivery")
        #expect(delivery.kind == .delivery)
        #expect(delivery.delivery?.smtpResponse == "250 2.6.0 Message received")
        #expect(delivery.mail.tags["myCustomTag1"] == ["myCustomTagValue1"])
    }

    @Test func receivedNotificationCarriesReceiptAndContent() throws {
        let notification = try notification(
            "amazon-ses-developer-guide__receiving-email-notifications-examples.sns-action-received"
        )
        #expect(notification.notificationType == "Received")
        #expect(notification.kind == .other)
        let receipt = try #require(notification.receipt)
        #expect(receipt.action.type == "SNS")
        #expect(receipt.dmarcVerdict == nil)
        #expect(
            notification.content?.hasPrefix("Return-Path: <61967230-7A45-4A9D-BEC9-87CBCF2211C9@example.com>\r\n")
                == true
        )
        #expect(notification.content?.hasSuffix("\r\n\r\nExample content\r\n") == true)
    }

    @Test func snsEventCarriesTheSESNotificationInItsMessage() throws {
        let fixture = try EventFixture.named(
            "powertools-lambda-python__nested_test_events.sns_ses_event",
            in: "ses-notification"
        )
        let record = try #require(try fixture.decode(SNSEvent.self).records.first)
        #expect(record.eventSource == "aws:sns")
        #expect(
            record.eventSubscriptionArn
                == "arn:aws:sns:us-east-1:683517028648:ses-sns:a2059001-6ef2-4d4d-a6b8-5c3717210c15"
        )
        #expect(record.sns.type == "Notification")
        #expect(record.sns.subject == "Amazon SES Email Event Notification")
        #expect(record.sns.topicArn == "arn:aws:sns:us-east-1:683517028648:ses-sns")
        #expect(record.sns.messageAttributes.isEmpty)
        let notification = try record.sns.sesNotification()
        #expect(notification.eventType == "Send")
        #expect(notification.kind == .other)
        #expect(notification.mail.destination == ["success@simulator.amazonses.com"])
        #expect(notification.mail.commonHeaders?.subject == "subject test from ses!!!!")
    }
}
