import Foundation
import Shared
import WireFormat

/// What the outbox keeps about one sent message: `<message-id>.json` beside its `.eml`.
public struct OutboxRecord: Sendable, Hashable, Codable {
    public let messageId: String
    public let timestamp: Date
    public let from: String
    public let to: [String]
    public let cc: [String]
    public let bcc: [String]
    public let subject: String
    public let template: String?
    /// Always `SENT`: the outbox delivers nothing further.
    public let status: String
    public let tags: [String: String]

    enum CodingKeys: String, CodingKey {
        case messageId = "message_id"
        case timestamp, from, to, cc, bcc, subject, template, status, tags
    }

    init(
        messageId: String,
        timestamp: Date,
        from: String,
        to: [String],
        cc: [String],
        bcc: [String],
        subject: String,
        template: String?,
        tags: [String: String]
    ) {
        self.messageId = messageId
        self.timestamp = ISO8601Timestamp.truncatedToMilliseconds(timestamp)
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.template = template
        self.status = "SENT"
        self.tags = tags
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageId = try container.decode(String.self, forKey: .messageId)
        let text = try container.decode(String.self, forKey: .timestamp)
        guard let date = ISO8601Timestamp.date(from: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .timestamp,
                in: container,
                debugDescription: "not ISO-8601: \(text)"
            )
        }
        timestamp = date
        from = try container.decode(String.self, forKey: .from)
        to = try container.decodeIfPresent([String].self, forKey: .to) ?? []
        cc = try container.decodeIfPresent([String].self, forKey: .cc) ?? []
        bcc = try container.decodeIfPresent([String].self, forKey: .bcc) ?? []
        subject = try container.decode(String.self, forKey: .subject)
        template = try container.decodeIfPresent(String.self, forKey: .template)
        status = try container.decode(String.self, forKey: .status)
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messageId, forKey: .messageId)
        try container.encode(ISO8601Timestamp.string(from: timestamp), forKey: .timestamp)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(cc, forKey: .cc)
        try container.encode(bcc, forKey: .bcc)
        try container.encode(subject, forKey: .subject)
        try container.encode(template, forKey: .template)
        try container.encode(status, forKey: .status)
        try container.encode(tags, forKey: .tags)
    }
}

/// One sent message: its record and the RFC 5322 bytes.
public struct OutboxMessage: Sendable, Hashable {
    public let record: OutboxRecord
    public let eml: Data
}

/// A `MailSender` that keeps what it sends, for `testex-local outbox` and for tests.
public protocol MailOutbox: MailSender {
    /// Every sent message's record, oldest first (by timestamp, then message id).
    func list() async throws -> [OutboxRecord]
    /// The message with this id, or nil when there is none (or the id is not an SES message id).
    func message(id: String) async throws -> OutboxMessage?
}

extension Array where Element == OutboxRecord {
    /// Oldest first; message ids break ties of a fixed clock.
    func sortedBySendTime() -> [OutboxRecord] {
        sorted { ($0.timestamp, $0.messageId) < ($1.timestamp, $1.messageId) }
    }
}
