import Foundation

/// A batch of SQS messages delivered to a Lambda function.
public struct SQSEvent: Codable, Sendable {
    public let records: [Message]

    public init(records: [Message]) {
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        records = try container.decodeOrEmpty(forKey: .records)
    }
}

extension SQSEvent {
    /// One message with its system `attributes` (e.g. `ApproximateReceiveCount`) and its sender's `messageAttributes`.
    public struct Message: Codable, Sendable {
        public let messageId: String
        public let receiptHandle: String
        public let body: String
        public let attributes: [String: String]
        public let messageAttributes: [String: Attribute]
        public let md5OfBody: String
        public let md5OfMessageAttributes: String?
        public let eventSource: String
        public let eventSourceArn: String
        public let awsRegion: String

        public init(
            messageId: String,
            receiptHandle: String,
            body: String,
            attributes: [String: String] = [:],
            messageAttributes: [String: Attribute] = [:],
            md5OfBody: String,
            md5OfMessageAttributes: String? = nil,
            eventSource: String = "aws:sqs",
            eventSourceArn: String,
            awsRegion: String
        ) {
            self.messageId = messageId
            self.receiptHandle = receiptHandle
            self.body = body
            self.attributes = attributes
            self.messageAttributes = messageAttributes
            self.md5OfBody = md5OfBody
            self.md5OfMessageAttributes = md5OfMessageAttributes
            self.eventSource = eventSource
            self.eventSourceArn = eventSourceArn
            self.awsRegion = awsRegion
        }

        enum CodingKeys: String, CodingKey {
            case messageId, receiptHandle, body, attributes, messageAttributes, md5OfBody, md5OfMessageAttributes
            case eventSource, awsRegion
            case eventSourceArn = "eventSourceARN"
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            messageId = try container.decode(String.self, forKey: .messageId)
            receiptHandle = try container.decode(String.self, forKey: .receiptHandle)
            body = try container.decodeIfPresent(String.self, forKey: .body) ?? ""
            attributes = try container.decodeOrEmpty(forKey: .attributes)
            messageAttributes = try container.decodeOrEmpty(forKey: .messageAttributes)
            md5OfBody = try container.decode(String.self, forKey: .md5OfBody)
            md5OfMessageAttributes = try container.decodeIfPresent(String.self, forKey: .md5OfMessageAttributes)
            eventSource = try container.decode(String.self, forKey: .eventSource)
            eventSourceArn = try container.decode(String.self, forKey: .eventSourceArn)
            awsRegion = try container.decode(String.self, forKey: .awsRegion)
        }
    }

    /// A message attribute; `dataType` (`String`, `Number`, `Binary`, optionally with a custom suffix) says
    /// which value is set. Binary values are base64 text.
    public struct Attribute: Codable, Sendable {
        public let stringValue: String?
        public let binaryValue: String?
        public let stringListValues: [String]
        public let binaryListValues: [String]
        public let dataType: String

        public init(
            stringValue: String? = nil,
            binaryValue: String? = nil,
            stringListValues: [String] = [],
            binaryListValues: [String] = [],
            dataType: String
        ) {
            self.stringValue = stringValue
            self.binaryValue = binaryValue
            self.stringListValues = stringListValues
            self.binaryListValues = binaryListValues
            self.dataType = dataType
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            stringValue = try container.decodeIfPresent(String.self, forKey: .stringValue)
            binaryValue = try container.decodeIfPresent(String.self, forKey: .binaryValue)
            stringListValues = try container.decodeOrEmpty(forKey: .stringListValues)
            binaryListValues = try container.decodeOrEmpty(forKey: .binaryListValues)
            dataType = try container.decode(String.self, forKey: .dataType)
        }
    }
}
