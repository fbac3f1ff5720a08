import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing

@Suite("S3 event notifications")
struct S3Tests {
    private func event(_ name: String) throws -> S3Event {
        try EventFixture.named(name, in: "s3").decode(S3Event.self)
    }

    @Test func percentEncodedKeyIsDecoded() throws {
        let record = try #require(try event("aws-lambda-go__s3-event").records.first)
        #expect(record.eventName == "ObjectCreated:Put")
        #expect(record.eventTime == "1970-01-01T00:00:00.123Z")
        #expect(record.awsRegion == "us-east-1")
        #expect(record.s3.bucket.name == "sourcebucket")
        #expect(record.s3.bucket.arn == "arn:aws:s3:::mybucket")
        #expect(record.s3.object.key == "Happy%20Face.jpg")
        #expect(record.s3.object.decodedKey == "Happy Face.jpg")
        #expect(record.s3.object.size == 1024)
        #expect(record.s3.object.versionId == "version")
        #expect(record.s3.object.eTag == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(record.responseElements["x-amz-request-id"] == "C3D13FE58DE4C810")
        #expect(record.requestParameters?.sourceIPAddress == "127.0.0.1")
    }

    @Test func plusInKeyIsASpace() throws {
        let records = try event("aws-lambda-dotnet__s3-event").records
        #expect(records.count == 2)
        #expect(records.map(\.s3.object.decodedKey) == ["HappyFace.jpg", "New File.jpg"])
        #expect(records.last?.s3.object.key == "New+File.jpg")
    }

    @Test func keyWithSlashesIsUnchanged() throws {
        let object = try #require(try event("aws-sam-cli__S3Put").records.first).s3.object
        #expect(object.key == "test/key")
        #expect(object.decodedKey == "test/key")
        #expect(object.versionId == nil)
    }

    @Test func encodedPlusStaysAPlus() {
        #expect(S3Event.Object(key: "a+b%2Bc%20d.txt").decodedKey == "a b+c d.txt")
    }

    @Test func unknownMembersAreIgnored() throws {
        let record = try #require(try event("powertools-lambda-python__s3EventGlacier").records.first)
        #expect(record.eventVersion == "2.1")
        #expect(record.s3.object.size == 1_305_107)
        #expect(record.userIdentity?.principalId == "AWS:AIDAINPONIXQXHT3IKHL2")

        let java = try #require(try event("aws-lambda-java-libs__s3_event").records.first)
        #expect(java.s3.object.versionId == "")
    }
}
