import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing
import WireFormat

@Suite("Every AWS event fixture decodes with the type for its source")
struct EventFixtureDecodingTests {
    /// The event sources these tests decode; a folder added to the fixtures must be added here.
    static let decodedFolders = [
        "apigw-v1", "apigw-v2", "dynamodb-stream", "scheduled", "s3", "sqs", "ses-receipt", "ses-notification",
    ]

    @Test(arguments: decodedFolders)
    func folderHoldsFixtures(_ folder: String) {
        #expect(!EventFixture.all(in: folder).isEmpty, "no fixtures under \(EventFixture.root.path)/\(folder)")
    }

    @Test func everyFixtureFolderHasADecoder() {
        #expect(
            Set(EventFixture.folders).subtracting(Self.decodedFolders).isEmpty,
            "fixture folders without a decoding test: \(Set(EventFixture.folders).subtracting(Self.decodedFolders).sorted())"
        )
    }

    @Test(arguments: EventFixture.all(in: "apigw-v1"))
    func restAPIEventDecodesAsVersion1(_ fixture: EventFixture) throws {
        _ = try fixture.decode(APIGatewayRequest.self)
        guard case .v1 = try fixture.decode(APIGatewayEvent.self) else {
            Issue.record("\(fixture) was taken for an HTTP API (v2) event")
            return
        }
    }

    @Test(arguments: EventFixture.all(in: "apigw-v2"))
    func httpAPIEventDecodesAsVersion2(_ fixture: EventFixture) throws {
        _ = try fixture.decode(APIGatewayV2Request.self)
        guard case .v2 = try fixture.decode(APIGatewayEvent.self) else {
            Issue.record("\(fixture) was taken for a REST API (v1) event")
            return
        }
    }

    @Test(arguments: EventFixture.all(in: "scheduled"))
    func scheduledEventDecodes(_ fixture: EventFixture) throws {
        let event = try fixture.decode(CloudwatchScheduledEvent.self)
        #expect(event.detailType == "Scheduled Event")
        #expect(event.date != nil)
    }

    @Test(arguments: EventFixture.all(in: "s3"))
    func s3EventDecodes(_ fixture: EventFixture) throws {
        #expect(!(try fixture.decode(S3Event.self)).records.isEmpty)
    }

    @Test(arguments: EventFixture.all(in: "dynamodb-stream"))
    func dynamoDBStreamEventDecodes(_ fixture: EventFixture) throws {
        let event = try fixture.decode(DynamoDBEvent.self)
        #expect(!event.records.isEmpty)
        for record in event.records {
            #expect(record.eventSource == "aws:dynamodb")
            #expect(!record.change.keys.isEmpty && !record.change.sequenceNumber.isEmpty)
            switch record.eventName {
            case .insert: #expect(record.change.oldImage == nil)
            case .remove: #expect(record.change.newImage == nil)
            case .modify: break
            }
        }
    }

    @Test(arguments: EventFixture.all(in: "sqs"))
    func sqsEventDecodes(_ fixture: EventFixture) throws {
        #expect(!(try fixture.decode(SQSEvent.self)).records.isEmpty)
    }

    @Test(arguments: EventFixture.all(in: "ses-receipt"))
    func sesReceiptEventDecodes(_ fixture: EventFixture) throws {
        #expect(!(try fixture.decode(SESEvent.self)).records.isEmpty)
    }

    @Test(arguments: EventFixture.all(in: "ses-notification"))
    func sesNotificationDecodesBareOrInsideSNS(_ fixture: EventFixture) throws {
        if try fixture.isLambdaRecordBatch {
            let event = try fixture.decode(SNSEvent.self)
            #expect(!event.records.isEmpty)
            for record in event.records {
                _ = try record.sns.sesNotification()
            }
        } else {
            _ = try fixture.decode(SESNotification.self)
        }
    }

    // The harness writes events it generates; what it writes must read back to the same JSON.
    @Test(arguments: EventFixture.folders.flatMap(EventFixture.all(in:)))
    func reencodingIsStable(_ fixture: EventFixture) throws {
        let once = try fixture.reencoded(from: fixture.data())
        let twice = try fixture.reencoded(from: once)
        #expect(String(decoding: once, as: UTF8.self) == String(decoding: twice, as: UTF8.self))
    }
}

extension EventFixture {
    /// Lambda event sources wrap their records in `Records`; bare SES payloads have none.
    var isLambdaRecordBatch: Bool {
        get throws {
            guard case .object(let members) = try decode(JSONValue.self) else { return false }
            return members["Records"] != nil
        }
    }

    /// Decodes the data with this fixture's event type and encodes it again.
    func reencoded(from data: Data) throws -> Data {
        switch folder {
        case "apigw-v1": return try JSON.encode(JSON.decode(APIGatewayRequest.self, from: data))
        case "apigw-v2": return try JSON.encode(JSON.decode(APIGatewayV2Request.self, from: data))
        case "scheduled": return try JSON.encode(JSON.decode(CloudwatchScheduledEvent.self, from: data))
        case "s3": return try JSON.encode(JSON.decode(S3Event.self, from: data))
        case "sqs": return try JSON.encode(JSON.decode(SQSEvent.self, from: data))
        case "dynamodb-stream": return try JSON.encode(JSON.decode(DynamoDBEvent.self, from: data))
        case "ses-receipt": return try JSON.encode(JSON.decode(SESEvent.self, from: data))
        default:
            if try isLambdaRecordBatch { return try JSON.encode(JSON.decode(SNSEvent.self, from: data)) }
            return try JSON.encode(JSON.decode(SESNotification.self, from: data))
        }
    }
}
