import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing

@Suite("SES receipt events")
struct SESTests {
    private func record(_ name: String) throws -> SESEvent.Record {
        try #require(try EventFixture.named(name, in: "ses-receipt").decode(SESEvent.self).records.first)
    }

    @Test func lambdaActionReceiptIsRead() throws {
        let record = try record("aws-lambda-go__ses-lambda-event")
        #expect(record.eventSource == "aws:ses")
        #expect(record.eventVersion == "1.0")
        let mail = record.ses.mail
        #expect(mail.messageId == "6n4thuhcbhpfiuf25gshf70rss364fuejrvmqko1")
        #expect(mail.source == "aws@amazon.com")
        #expect(mail.destination == ["lambda@amazon.com"])
        #expect(mail.headers.first == SESEvent.Header(name: "Return-Path", value: "<aws@amazon.com>"))
        #expect(mail.commonHeaders?.subject == "Test Subject")
        #expect(mail.commonHeaders?.from == ["Amazon Web Services <aws@amazon.com>"])
        let receipt = record.ses.receipt
        #expect(receipt.processingTimeMillis == 574)
        #expect(receipt.dmarcPolicy == "reject")
        #expect(receipt.dmarcVerdict == .pass)
        #expect(receipt.action.type == "Lambda")
        #expect(receipt.action.invocationType == "Event")
        #expect(receipt.action.functionArn == "arn:aws:lambda:us-east-1:000000000000:function:my-ses-lambda-function")
    }

    @Test func s3AndSNSActionsAreRead() throws {
        let s3 = try record("aws-lambda-go__ses-s3-event").ses.receipt.action
        #expect(s3.type == "S3")
        #expect(s3.bucketName == "my-S3-bucket")
        #expect(s3.objectKey == "email")
        #expect(s3.functionArn == nil)

        let sns = try record("aws-lambda-go__ses-sns-event").ses
        #expect(sns.receipt.action.topicArn == "arn:aws:sns:us-east-1:012345678912:example-topic")
        #expect(sns.mail.commonHeaders?.cc == ["cc@example.com", "cc2@example.com"])
    }

    @Test func receiptWithoutDMARCDecodes() throws {
        let receipt = try record("aws-sam-cli__SesEmailReceiving").ses.receipt
        #expect(receipt.dmarcVerdict == nil)
        #expect(receipt.dmarcPolicy == nil)
        #expect(receipt.recipients == ["johndoe@example.com"])
    }

    @Test func failedVerdictsAndTruncatedHeadersAreRead() throws {
        let ses = try record("swift-aws-lambda-events__SESTests.eventBody").ses
        #expect(ses.mail.headersTruncated)
        #expect(ses.receipt.virusVerdict.status == "FAIL")
        #expect(ses.receipt.spfVerdict.status == "PROCESSING_FAILED")
        #expect(ses.receipt.recipients == ["test@swift-server.com", "test2@swift-server.com"])
    }
}
