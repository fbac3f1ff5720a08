import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing

@Suite("SQS events")
struct SQSTests {
    private func event(_ name: String) throws -> SQSEvent {
        try EventFixture.named(name, in: "sqs").decode(SQSEvent.self)
    }

    @Test func messageAndItsAttributesAreRead() throws {
        let message = try #require(try event("aws-lambda-go__sqs-event").records.first)
        #expect(message.messageId == "MessageID_1")
        #expect(message.body == "Message Body")
        #expect(message.md5OfBody == "fce0ea8dd236ccb3ed9b37dae260836f")
        #expect(message.md5OfMessageAttributes == "582c92c5c5b6ac403040a4f3ab3115c9")
        #expect(message.eventSourceArn == "arn:aws:sqs:us-west-2:123456789012:SQSQueue")
        #expect(message.attributes["ApproximateReceiveCount"] == "2")
        let binary = try #require(message.messageAttributes["Attribute3"])
        #expect(binary.dataType == "Binary")
        #expect(binary.binaryValue == "MTEwMA==")
        #expect(binary.stringValue == nil)
        #expect(binary.stringListValues == ["abc", "123"])
        #expect(binary.binaryListValues == ["MA==", "MQ==", "MA=="])
        #expect(message.messageAttributes["Attribute1"]?.stringValue == "AttributeValue1")
    }

    @Test func nullBinaryValueIsNil() throws {
        let message = try #require(try event("aws-lambda-dotnet__sqs-event").records.first)
        #expect(message.messageAttributes["Attribute2"]?.binaryValue == nil)
        #expect(message.messageAttributes["Attribute2"]?.stringValue == "AttributeValue2")
    }

    @Test func emptyBodyAndNoAttributesDecode() throws {
        let message = try #require(try event("aws-lambda-java-libs__sqs_event_nobody").records.first)
        #expect(message.body == "")
        #expect(message.messageAttributes.isEmpty)
        #expect(message.md5OfMessageAttributes == nil)
    }

    @Test func batchesKeepTheirOrder() throws {
        let records = try event("swift-aws-lambda-events__SQSTests.eventBodyWithMultipleRecords").records
        #expect(records.map(\.messageId) == ["test-message-id-1", "test-message-id-2"])
        #expect(records.first?.body == #"{"message":"test1","count":42}"#)
    }

    @Test func deadLetterAndFIFOAttributesAreKept() throws {
        let dlq = try #require(try event("powertools-lambda-python__sqsDlqTriggerEvent").records.first)
        #expect(
            dlq.attributes["DeadLetterQueueSourceArn"]
                == "arn:aws:sqs:eu-central-1:123456789012:sqs-redrive-SampleQueue-RNvLCpwGmLi7"
        )

        let fifo = try #require(try event("powertools-lambda-python__snsSqsFifoEvent").records.first)
        #expect(fifo.attributes["MessageGroupId"] == "powertools-test")

        let sam = try #require(try event("aws-sam-cli__Sqs").records.first)
        #expect(sam.body == "Hello from SQS!")
        #expect(sam.awsRegion == "us-east-1")
    }
}
