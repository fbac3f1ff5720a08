import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing
import WireFormat

@Suite("EventBridge scheduled events")
struct CloudwatchTests {
    private func event(_ name: String) throws -> CloudwatchScheduledEvent {
        try EventFixture.named(name, in: "scheduled").decode(CloudwatchScheduledEvent.self)
    }

    @Test func scheduleFieldsAreRead() throws {
        let event = try event("aws-lambda-go__cloudwatch_events_test.TestCloudwatchScheduledEventIdempotency")
        #expect(event.version == "0")
        #expect(event.id == "890abcde-f123-4567-890a-bcdef1234567")
        #expect(event.detailType == "Scheduled Event")
        #expect(event.source == "aws.events")
        #expect(event.accountId == "123456789012")
        #expect(event.region == "us-east-1")
        #expect(event.resources == ["arn:aws:events:us-east-1:123456789012:rule/SampleRule"])
        #expect(event.time == "2016-12-30T18:44:49Z")
        #expect(event.date == Date(timeIntervalSince1970: 1_483_123_489))
        #expect(event.detail == .object([:]))
    }

    @Test func eventWithoutVersionDecodes() throws {
        let event = try event("aws-sam-cli__ScheduledEvent")
        #expect(event.version == nil)
        #expect(event.date == Date(timeIntervalSince1970: 0))
        #expect(event.resources == ["arn:aws:events:us-east-1:123456789012:rule/ExampleRule"])
    }

    @Test func customDetailIsKept() throws {
        let event = try event("powertools-lambda-python__validation_basic_eventbridge_event")
        #expect(event.detail == .object(["message": "hello hello", "username": "blah blah"]))
    }

    @Test func regionIsRead() throws {
        let event = try event("aws-lambda-java-libs__cloudwatch_event")
        #expect(event.region == "eu-central-1")
        #expect(event.date == Date(timeIntervalSince1970: 1_601_481_514))
    }

    @Test func timeWithFractionalSecondsParses() throws {
        let json =
            #"{"id":"1","detail-type":"Scheduled Event","source":"aws.events","account":"1","time":"2019-09-03T19:37:27.192Z","region":"us-east-1"}"#
        let event = try JSON.decode(CloudwatchScheduledEvent.self, from: Data(json.utf8))
        let date = try #require(event.date)
        #expect(abs(date.timeIntervalSince1970 - 1_567_539_447.192) < 0.001)
        #expect(event.resources.isEmpty)
        #expect(event.detail == .object([:]))
    }

    @Test func timeThatIsNotISO8601HasNoDate() throws {
        let json =
            #"{"id":"1","detail-type":"Scheduled Event","source":"aws.events","account":"1","time":"yesterday","region":"us-east-1"}"#
        #expect(try JSON.decode(CloudwatchScheduledEvent.self, from: Data(json.utf8)).date == nil)
    }
}
