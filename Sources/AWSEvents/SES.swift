import Foundation

/// Mail received by SES and handed to a Lambda function by a receipt rule.
public struct SESEvent: Codable, Sendable {
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

extension SESEvent {
    public struct Record: Codable, Sendable {
        public let eventSource: String
        public let eventVersion: String
        public let ses: Message

        public init(eventSource: String = "aws:ses", eventVersion: String = "1.0", ses: Message) {
            self.eventSource = eventSource
            self.eventVersion = eventVersion
            self.ses = ses
        }
    }

    public struct Message: Codable, Sendable {
        public let mail: Mail
        public let receipt: Receipt

        public init(mail: Mail, receipt: Receipt) {
            self.mail = mail
            self.receipt = receipt
        }
    }

    /// The `mail` object SES writes in receipt events and in its notifications; the sending
    /// members (`sourceArn`, `sendingAccountId`, `tags`, ...) are set only for mail SES sent.
    public struct Mail: Codable, Sendable {
        public let timestamp: String
        public let source: String
        public let messageId: String
        public let destination: [String]
        public let headersTruncated: Bool
        public let headers: [Header]
        public let commonHeaders: CommonHeaders?
        public let sourceArn: String?
        public let sourceIp: String?
        public let sendingAccountId: String?
        public let callerIdentity: String?
        public let tags: [String: [String]]

        public init(
            timestamp: String,
            source: String,
            messageId: String,
            destination: [String],
            headersTruncated: Bool = false,
            headers: [Header] = [],
            commonHeaders: CommonHeaders? = nil,
            sourceArn: String? = nil,
            sourceIp: String? = nil,
            sendingAccountId: String? = nil,
            callerIdentity: String? = nil,
            tags: [String: [String]] = [:]
        ) {
            self.timestamp = timestamp
            self.source = source
            self.messageId = messageId
            self.destination = destination
            self.headersTruncated = headersTruncated
            self.headers = headers
            self.commonHeaders = commonHeaders
            self.sourceArn = sourceArn
            self.sourceIp = sourceIp
            self.sendingAccountId = sendingAccountId
            self.callerIdentity = callerIdentity
            self.tags = tags
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            timestamp = try container.decode(String.self, forKey: .timestamp)
            source = try container.decode(String.self, forKey: .source)
            messageId = try container.decode(String.self, forKey: .messageId)
            destination = try container.decodeOrEmpty(forKey: .destination)
            headersTruncated = try container.decodeIfPresent(Bool.self, forKey: .headersTruncated) ?? false
            headers = try container.decodeOrEmpty(forKey: .headers)
            commonHeaders = try container.decodeIfPresent(CommonHeaders.self, forKey: .commonHeaders)
            sourceArn = try container.decodeIfPresent(String.self, forKey: .sourceArn)
            sourceIp = try container.decodeIfPresent(String.self, forKey: .sourceIp)
            sendingAccountId = try container.decodeIfPresent(String.self, forKey: .sendingAccountId)
            callerIdentity = try container.decodeIfPresent(String.self, forKey: .callerIdentity)
            tags = try container.decodeOrEmpty(forKey: .tags)
        }
    }

    public struct Header: Codable, Sendable, Hashable {
        public let name: String
        public let value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The headers SES parses for convenience; address lists keep display names as sent.
    public struct CommonHeaders: Codable, Sendable {
        public let returnPath: String?
        public let from: [String]
        public let to: [String]
        public let cc: [String]
        public let bcc: [String]
        public let date: String?
        public let messageId: String?
        public let subject: String?

        public init(
            returnPath: String? = nil,
            from: [String] = [],
            to: [String] = [],
            cc: [String] = [],
            bcc: [String] = [],
            date: String? = nil,
            messageId: String? = nil,
            subject: String? = nil
        ) {
            self.returnPath = returnPath
            self.from = from
            self.to = to
            self.cc = cc
            self.bcc = bcc
            self.date = date
            self.messageId = messageId
            self.subject = subject
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            returnPath = try container.decodeIfPresent(String.self, forKey: .returnPath)
            from = try container.decodeOrEmpty(forKey: .from)
            to = try container.decodeOrEmpty(forKey: .to)
            cc = try container.decodeOrEmpty(forKey: .cc)
            bcc = try container.decodeOrEmpty(forKey: .bcc)
            date = try container.decodeIfPresent(String.self, forKey: .date)
            messageId = try container.decodeIfPresent(String.self, forKey: .messageId)
            subject = try container.decodeIfPresent(String.self, forKey: .subject)
        }
    }

    /// What the receipt rule decided and did; DMARC members are absent when the domain has no policy.
    public struct Receipt: Codable, Sendable {
        public let timestamp: String
        public let processingTimeMillis: Int
        public let recipients: [String]
        public let spamVerdict: Verdict
        public let virusVerdict: Verdict
        public let spfVerdict: Verdict
        public let dkimVerdict: Verdict
        public let dmarcVerdict: Verdict?
        public let dmarcPolicy: String?
        public let action: Action

        public init(
            timestamp: String,
            processingTimeMillis: Int = 0,
            recipients: [String],
            spamVerdict: Verdict = .pass,
            virusVerdict: Verdict = .pass,
            spfVerdict: Verdict = .pass,
            dkimVerdict: Verdict = .pass,
            dmarcVerdict: Verdict? = nil,
            dmarcPolicy: String? = nil,
            action: Action
        ) {
            self.timestamp = timestamp
            self.processingTimeMillis = processingTimeMillis
            self.recipients = recipients
            self.spamVerdict = spamVerdict
            self.virusVerdict = virusVerdict
            self.spfVerdict = spfVerdict
            self.dkimVerdict = dkimVerdict
            self.dmarcVerdict = dmarcVerdict
            self.dmarcPolicy = dmarcPolicy
            self.action = action
        }
    }

    /// A check's outcome: `PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED` (and `DISABLED` for the spam and virus scans).
    public struct Verdict: Codable, Sendable, Hashable {
        public let status: String

        public init(status: String) {
            self.status = status
        }

        public static let pass = Verdict(status: "PASS")
    }

    /// The rule action that delivered the mail; which members are set depends on `type` (`Lambda`, `S3`, `SNS`).
    public struct Action: Codable, Sendable {
        public let type: String
        public let functionArn: String?
        public let invocationType: String?
        public let bucketName: String?
        public let objectKey: String?
        public let topicArn: String?

        public init(
            type: String,
            functionArn: String? = nil,
            invocationType: String? = nil,
            bucketName: String? = nil,
            objectKey: String? = nil,
            topicArn: String? = nil
        ) {
            self.type = type
            self.functionArn = functionArn
            self.invocationType = invocationType
            self.bucketName = bucketName
            self.objectKey = objectKey
            self.topicArn = topicArn
        }
    }
}
