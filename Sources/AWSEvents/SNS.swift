import Foundation
import WireFormat

/// SNS notifications delivered to a subscribed Lambda function.
public struct SNSEvent: Codable, Sendable {
    public let records: [Record]

    public init(records: [Record]) {
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

extension SNSEvent {
    public struct Record: Codable, Sendable {
        public let eventSource: String
        public let eventVersion: String
        public let eventSubscriptionArn: String
        public let sns: Message

        public init(
            eventSource: String = "aws:sns",
            eventVersion: String = "1.0",
            eventSubscriptionArn: String,
            sns: Message
        ) {
            self.eventSource = eventSource
            self.eventVersion = eventVersion
            self.eventSubscriptionArn = eventSubscriptionArn
            self.sns = sns
        }

        enum CodingKeys: String, CodingKey {
            case eventSource = "EventSource"
            case eventVersion = "EventVersion"
            case eventSubscriptionArn = "EventSubscriptionArn"
            case sns = "Sns"
        }
    }

    /// One published message; `message` is the publisher's text (SES puts its notification JSON there).
    public struct Message: Codable, Sendable {
        public let type: String
        public let messageId: String
        public let topicArn: String
        public let subject: String?
        public let message: String
        public let timestamp: String
        public let signatureVersion: String?
        public let signature: String?
        public let signingCertURL: String?
        public let unsubscribeURL: String?
        public let messageAttributes: [String: Attribute]

        public init(
            type: String = "Notification",
            messageId: String,
            topicArn: String,
            subject: String? = nil,
            message: String,
            timestamp: String,
            signatureVersion: String? = nil,
            signature: String? = nil,
            signingCertURL: String? = nil,
            unsubscribeURL: String? = nil,
            messageAttributes: [String: Attribute] = [:]
        ) {
            self.type = type
            self.messageId = messageId
            self.topicArn = topicArn
            self.subject = subject
            self.message = message
            self.timestamp = timestamp
            self.signatureVersion = signatureVersion
            self.signature = signature
            self.signingCertURL = signingCertURL
            self.unsubscribeURL = unsubscribeURL
            self.messageAttributes = messageAttributes
        }

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case messageId = "MessageId"
            case topicArn = "TopicArn"
            case subject = "Subject"
            case message = "Message"
            case timestamp = "Timestamp"
            case signatureVersion = "SignatureVersion"
            case signature = "Signature"
            case signingCertURL = "SigningCertUrl"
            case unsubscribeURL = "UnsubscribeUrl"
            case messageAttributes = "MessageAttributes"
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decode(String.self, forKey: .type)
            messageId = try container.decode(String.self, forKey: .messageId)
            topicArn = try container.decode(String.self, forKey: .topicArn)
            subject = try container.decodeIfPresent(String.self, forKey: .subject)
            message = try container.decode(String.self, forKey: .message)
            timestamp = try container.decode(String.self, forKey: .timestamp)
            signatureVersion = try container.decodeIfPresent(String.self, forKey: .signatureVersion)
            signature = try container.decodeIfPresent(String.self, forKey: .signature)
            signingCertURL = try container.decodeIfPresent(String.self, forKey: .signingCertURL)
            unsubscribeURL = try container.decodeIfPresent(String.self, forKey: .unsubscribeURL)
            messageAttributes = try container.decodeOrEmpty(forKey: .messageAttributes)
        }

        /// Decodes `message` as JSON of the given type.
        public func decodeMessage<T: Decodable>(as type: T.Type) throws -> T {
            try JSON.decode(type, from: Data(message.utf8))
        }
    }

    /// A message attribute as SNS delivers it to Lambda: `Type` (`String`, `Number`, `Binary`, ...) and text.
    public struct Attribute: Codable, Sendable {
        public let type: String
        public let value: String

        public init(type: String, value: String) {
            self.type = type
            self.value = value
        }

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case value = "Value"
        }
    }
}
