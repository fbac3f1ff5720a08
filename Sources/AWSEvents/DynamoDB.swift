import Foundation

/// A batch of DynamoDB Streams records delivered to a Lambda function by an event source mapping.
/// The tumbling-window fields are present only when the mapping aggregates over a window.
public struct DynamoDBEvent: Codable, Sendable {
    public let records: [EventRecord]
    public let window: TimeWindow?
    public let state: [String: String]?
    public let shardId: String?
    public let eventSourceArn: String?
    public let isFinalInvokeForWindow: Bool?
    public let isWindowTerminatedEarly: Bool?

    public init(records: [EventRecord]) {
        self.records = records
        window = nil
        state = nil
        shardId = nil
        eventSourceArn = nil
        isFinalInvokeForWindow = nil
        isWindowTerminatedEarly = nil
    }

    enum CodingKeys: String, CodingKey {
        case records = "Records"
        case window, state, shardId, isFinalInvokeForWindow, isWindowTerminatedEarly
        case eventSourceArn = "eventSourceARN"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        records = try container.decodeOrEmpty(forKey: .records)
        window = try container.decodeIfPresent(TimeWindow.self, forKey: .window)
        state = try container.decodeIfPresent([String: String].self, forKey: .state)
        shardId = try container.decodeIfPresent(String.self, forKey: .shardId)
        eventSourceArn = try container.decodeIfPresent(String.self, forKey: .eventSourceArn)
        isFinalInvokeForWindow = try container.decodeIfPresent(Bool.self, forKey: .isFinalInvokeForWindow)
        isWindowTerminatedEarly = try container.decodeIfPresent(Bool.self, forKey: .isWindowTerminatedEarly)
    }
}

extension DynamoDBEvent {
    /// What happened to the item.
    public enum EventName: String, Codable, Sendable {
        case insert = "INSERT"
        case modify = "MODIFY"
        case remove = "REMOVE"
    }

    /// What a stream record carries of the item.
    public enum StreamViewType: String, Codable, Sendable {
        case keysOnly = "KEYS_ONLY"
        case newImage = "NEW_IMAGE"
        case oldImage = "OLD_IMAGE"
        case newAndOldImages = "NEW_AND_OLD_IMAGES"
    }

    /// One change of one item.
    public struct EventRecord: Codable, Sendable {
        public let eventId: String
        public let eventName: EventName
        public let eventVersion: String
        public let eventSource: String
        public let awsRegion: String
        public let change: StreamRecord
        public let eventSourceArn: String
        /// Set when DynamoDB itself made the change (a TTL expiry).
        public let userIdentity: UserIdentity?

        public init(
            eventId: String,
            eventName: EventName,
            eventVersion: String = "1.1",
            eventSource: String = "aws:dynamodb",
            awsRegion: String,
            change: StreamRecord,
            eventSourceArn: String,
            userIdentity: UserIdentity? = nil
        ) {
            self.eventId = eventId
            self.eventName = eventName
            self.eventVersion = eventVersion
            self.eventSource = eventSource
            self.awsRegion = awsRegion
            self.change = change
            self.eventSourceArn = eventSourceArn
            self.userIdentity = userIdentity
        }

        enum CodingKeys: String, CodingKey {
            case eventId = "eventID"
            case eventName, eventVersion, eventSource, awsRegion, userIdentity
            case change = "dynamodb"
            case eventSourceArn = "eventSourceARN"
        }
    }

    /// The `dynamodb` member of a record: the keys, the images the stream's view type keeps, and
    /// the record's place in its shard.
    public struct StreamRecord: Codable, Sendable {
        /// Seconds since 1970, as DynamoDB writes it (some sources write fractions or exponents).
        public let approximateCreationDateTime: Double?
        public let keys: [String: DynamoDBAttributeValue]
        public let newImage: [String: DynamoDBAttributeValue]?
        public let oldImage: [String: DynamoDBAttributeValue]?
        public let sequenceNumber: String
        public let sizeBytes: Int?
        public let streamViewType: StreamViewType

        public init(
            approximateCreationDateTime: Double?,
            keys: [String: DynamoDBAttributeValue],
            newImage: [String: DynamoDBAttributeValue]?,
            oldImage: [String: DynamoDBAttributeValue]?,
            sequenceNumber: String,
            sizeBytes: Int?,
            streamViewType: StreamViewType
        ) {
            self.approximateCreationDateTime = approximateCreationDateTime
            self.keys = keys
            self.newImage = newImage
            self.oldImage = oldImage
            self.sequenceNumber = sequenceNumber
            self.sizeBytes = sizeBytes
            self.streamViewType = streamViewType
        }

        enum CodingKeys: String, CodingKey {
            case approximateCreationDateTime = "ApproximateCreationDateTime"
            case keys = "Keys"
            case newImage = "NewImage"
            case oldImage = "OldImage"
            case sequenceNumber = "SequenceNumber"
            case sizeBytes = "SizeBytes"
            case streamViewType = "StreamViewType"
        }

        /// When the change was made, to the second.
        public var approximateCreationDate: Date? {
            approximateCreationDateTime.map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Who made a change DynamoDB made itself.
    public struct UserIdentity: Codable, Sendable {
        public let type: String
        public let principalId: String
    }

    /// The window of a tumbling-window invocation.
    public struct TimeWindow: Codable, Sendable {
        public let start: String
        public let end: String
    }
}
