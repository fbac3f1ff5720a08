import Foundation
import WireFormat

/// S3 event notifications delivered to a Lambda function.
public struct S3Event: Codable, Sendable {
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

extension S3Event {
    /// The notification S3 sends for an object created by `eventName` (`ObjectCreated:Put`), with
    /// the key URL-encoded as S3 encodes it (a space as `+`).
    public static func objectCreated(
        bucket: String,
        key: String,
        size: Int,
        etag: String,
        region: String,
        at time: Date,
        eventName: String = "ObjectCreated:Put"
    ) -> S3Event {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~/ ")
        let encoded = (key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key)
            .replacingOccurrences(of: " ", with: "+")
        let etag = etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        let object = Object(key: encoded, size: UInt64(size), eTag: etag)
        let entity = Entity(
            configurationId: "testex-objects-created",
            bucket: Bucket(name: bucket, arn: "arn:aws:s3:::\(bucket)"),
            object: object
        )
        let record = Record(awsRegion: region, eventTime: Timestamp.string(time), eventName: eventName, s3: entity)
        return S3Event(records: [record])
    }

    /// One notification: what happened (`eventName`, e.g. `ObjectCreated:Put`) to which object.
    public struct Record: Codable, Sendable {
        public let eventVersion: String
        public let eventSource: String
        public let awsRegion: String
        public let eventTime: String
        public let eventName: String
        public let userIdentity: UserIdentity?
        public let requestParameters: RequestParameters?
        public let responseElements: [String: String]
        public let s3: Entity

        public init(
            eventVersion: String = "2.1",
            eventSource: String = "aws:s3",
            awsRegion: String,
            eventTime: String,
            eventName: String,
            userIdentity: UserIdentity? = nil,
            requestParameters: RequestParameters? = nil,
            responseElements: [String: String] = [:],
            s3: Entity
        ) {
            self.eventVersion = eventVersion
            self.eventSource = eventSource
            self.awsRegion = awsRegion
            self.eventTime = eventTime
            self.eventName = eventName
            self.userIdentity = userIdentity
            self.requestParameters = requestParameters
            self.responseElements = responseElements
            self.s3 = s3
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            eventVersion = try container.decode(String.self, forKey: .eventVersion)
            eventSource = try container.decode(String.self, forKey: .eventSource)
            awsRegion = try container.decode(String.self, forKey: .awsRegion)
            eventTime = try container.decode(String.self, forKey: .eventTime)
            eventName = try container.decode(String.self, forKey: .eventName)
            userIdentity = try container.decodeIfPresent(UserIdentity.self, forKey: .userIdentity)
            requestParameters = try container.decodeIfPresent(RequestParameters.self, forKey: .requestParameters)
            responseElements = try container.decodeOrEmpty(forKey: .responseElements)
            s3 = try container.decode(Entity.self, forKey: .s3)
        }
    }

    public struct UserIdentity: Codable, Sendable {
        public let principalId: String

        public init(principalId: String) {
            self.principalId = principalId
        }
    }

    public struct RequestParameters: Codable, Sendable {
        public let sourceIPAddress: String

        public init(sourceIPAddress: String) {
            self.sourceIPAddress = sourceIPAddress
        }
    }

    /// The `s3` member: the bucket, the object and the notification configuration that fired.
    public struct Entity: Codable, Sendable {
        public let schemaVersion: String
        public let configurationId: String
        public let bucket: Bucket
        public let object: Object

        public init(schemaVersion: String = "1.0", configurationId: String, bucket: Bucket, object: Object) {
            self.schemaVersion = schemaVersion
            self.configurationId = configurationId
            self.bucket = bucket
            self.object = object
        }

        enum CodingKeys: String, CodingKey {
            case schemaVersion = "s3SchemaVersion"
            case configurationId, bucket, object
        }
    }

    public struct Bucket: Codable, Sendable {
        public let name: String
        public let ownerIdentity: UserIdentity?
        public let arn: String

        public init(name: String, ownerIdentity: UserIdentity? = nil, arn: String) {
            self.name = name
            self.ownerIdentity = ownerIdentity
            self.arn = arn
        }
    }

    public struct Object: Codable, Sendable {
        /// URL-encoded as S3 sends it (a space arrives as `+`); see `decodedKey`.
        public let key: String
        public let size: UInt64?
        public let eTag: String?
        public let versionId: String?
        public let sequencer: String?

        public init(
            key: String,
            size: UInt64? = nil,
            eTag: String? = nil,
            versionId: String? = nil,
            sequencer: String? = nil
        ) {
            self.key = key
            self.size = size
            self.eTag = eTag
            self.versionId = versionId
            self.sequencer = sequencer
        }

        /// The object's real key: `+` read as a space, then percent-escapes decoded (so `%2B` stays a `+`).
        public var decodedKey: String {
            URIEncoding.decode(key, plusAsSpace: true) ?? key.replacingOccurrences(of: "+", with: " ")
        }
    }
}
