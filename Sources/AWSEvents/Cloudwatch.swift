import Foundation
import WireFormat

/// An EventBridge (CloudWatch Events) event as a schedule rule delivers it.
public struct CloudwatchScheduledEvent: Codable, Sendable {
    public let version: String?
    public let id: String
    public let detailType: String
    public let source: String
    public let accountId: String
    /// As sent; see `date` for the parsed instant.
    public let time: String
    public let region: String
    public let resources: [String]
    /// `{}` for a plain schedule; a rule's constant input or transformer output otherwise.
    public let detail: JSONValue

    public init(
        version: String? = "0",
        id: String,
        detailType: String = "Scheduled Event",
        source: String = "aws.events",
        accountId: String,
        time: String,
        region: String,
        resources: [String] = [],
        detail: JSONValue = .object([:])
    ) {
        self.version = version
        self.id = id
        self.detailType = detailType
        self.source = source
        self.accountId = accountId
        self.time = time
        self.region = region
        self.resources = resources
        self.detail = detail
    }

    /// `time` as a date, with or without fractional seconds; nil when it is not ISO-8601.
    public var date: Date? {
        AWSTimestamp.date(from: time)
    }

    enum CodingKeys: String, CodingKey {
        case version, id, source, time, region, resources, detail
        case detailType = "detail-type"
        case accountId = "account"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        id = try container.decode(String.self, forKey: .id)
        detailType = try container.decode(String.self, forKey: .detailType)
        source = try container.decode(String.self, forKey: .source)
        accountId = try container.decode(String.self, forKey: .accountId)
        time = try container.decode(String.self, forKey: .time)
        region = try container.decode(String.self, forKey: .region)
        resources = try container.decodeOrEmpty(forKey: .resources)
        detail = try container.decodeIfPresent(JSONValue.self, forKey: .detail) ?? .object([:])
    }
}
