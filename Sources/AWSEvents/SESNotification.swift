import Foundation

/// An SES feedback notification (bounce, complaint, delivery, received mail) or a configuration-set
/// event, as SES publishes it in an SNS message.
public struct SESNotification: Codable, Sendable {
    /// Set by identity notifications: `Bounce`, `Complaint`, `Delivery` or `Received`.
    public let notificationType: String?
    /// Set by configuration-set event publishing: `Bounce`, `Complaint`, `Delivery`, `Send`, ...
    public let eventType: String?
    public let mail: SESEvent.Mail
    public let bounce: Bounce?
    public let complaint: Complaint?
    public let delivery: Delivery?
    /// Set for configuration-set `Reject` events: SES found a virus and did not send the message.
    public let reject: Reject?
    /// Set for `Received` notifications.
    public let receipt: SESEvent.Receipt?
    /// The raw MIME message of a `Received` notification, when the rule includes it.
    public let content: String?

    public init(
        notificationType: String? = nil,
        eventType: String? = nil,
        mail: SESEvent.Mail,
        bounce: Bounce? = nil,
        complaint: Complaint? = nil,
        delivery: Delivery? = nil,
        reject: Reject? = nil,
        receipt: SESEvent.Receipt? = nil,
        content: String? = nil
    ) {
        self.notificationType = notificationType
        self.eventType = eventType
        self.mail = mail
        self.bounce = bounce
        self.complaint = complaint
        self.delivery = delivery
        self.reject = reject
        self.receipt = receipt
        self.content = content
    }

    /// What the notification reports, told by which member is present rather than by the type name,
    /// so both notification styles read the same.
    public enum Kind: String, Sendable {
        case bounce, complaint, delivery, reject, other
    }

    public var kind: Kind {
        if bounce != nil { return .bounce }
        if complaint != nil { return .complaint }
        if delivery != nil { return .delivery }
        if reject != nil { return .reject }
        return .other
    }
}

extension SESNotification {
    public struct Bounce: Codable, Sendable {
        /// `Undetermined`, `Permanent` or `Transient`.
        public let bounceType: String
        public let bounceSubType: String
        public let bouncedRecipients: [BouncedRecipient]
        public let timestamp: String
        public let feedbackId: String
        public let reportingMTA: String?
        public let remoteMtaIp: String?

        public init(
            bounceType: String,
            bounceSubType: String,
            bouncedRecipients: [BouncedRecipient],
            timestamp: String,
            feedbackId: String,
            reportingMTA: String? = nil,
            remoteMtaIp: String? = nil
        ) {
            self.bounceType = bounceType
            self.bounceSubType = bounceSubType
            self.bouncedRecipients = bouncedRecipients
            self.timestamp = timestamp
            self.feedbackId = feedbackId
            self.reportingMTA = reportingMTA
            self.remoteMtaIp = remoteMtaIp
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            bounceType = try container.decode(String.self, forKey: .bounceType)
            bounceSubType = try container.decode(String.self, forKey: .bounceSubType)
            bouncedRecipients = try container.decodeOrEmpty(forKey: .bouncedRecipients)
            timestamp = try container.decode(String.self, forKey: .timestamp)
            feedbackId = try container.decode(String.self, forKey: .feedbackId)
            reportingMTA = try container.decodeIfPresent(String.self, forKey: .reportingMTA)
            remoteMtaIp = try container.decodeIfPresent(String.self, forKey: .remoteMtaIp)
        }
    }

    /// A bounced address; the DSN members are present only when the receiving server sent a DSN.
    public struct BouncedRecipient: Codable, Sendable {
        public let emailAddress: String
        public let action: String?
        public let status: String?
        public let diagnosticCode: String?

        public init(emailAddress: String, action: String? = nil, status: String? = nil, diagnosticCode: String? = nil) {
            self.emailAddress = emailAddress
            self.action = action
            self.status = status
            self.diagnosticCode = diagnosticCode
        }
    }

    /// A complaint; the feedback-report members are present only when the mailbox provider sent one.
    public struct Complaint: Codable, Sendable {
        public let complainedRecipients: [ComplainedRecipient]
        public let timestamp: String
        public let feedbackId: String
        public let complaintSubType: String?
        public let complaintFeedbackType: String?
        public let userAgent: String?
        public let arrivalDate: String?

        public init(
            complainedRecipients: [ComplainedRecipient],
            timestamp: String,
            feedbackId: String,
            complaintSubType: String? = nil,
            complaintFeedbackType: String? = nil,
            userAgent: String? = nil,
            arrivalDate: String? = nil
        ) {
            self.complainedRecipients = complainedRecipients
            self.timestamp = timestamp
            self.feedbackId = feedbackId
            self.complaintSubType = complaintSubType
            self.complaintFeedbackType = complaintFeedbackType
            self.userAgent = userAgent
            self.arrivalDate = arrivalDate
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            complainedRecipients = try container.decodeOrEmpty(forKey: .complainedRecipients)
            timestamp = try container.decode(String.self, forKey: .timestamp)
            feedbackId = try container.decode(String.self, forKey: .feedbackId)
            complaintSubType = try container.decodeIfPresent(String.self, forKey: .complaintSubType)
            complaintFeedbackType = try container.decodeIfPresent(String.self, forKey: .complaintFeedbackType)
            userAgent = try container.decodeIfPresent(String.self, forKey: .userAgent)
            arrivalDate = try container.decodeIfPresent(String.self, forKey: .arrivalDate)
        }
    }

    public struct ComplainedRecipient: Codable, Sendable {
        public let emailAddress: String

        public init(emailAddress: String) {
            self.emailAddress = emailAddress
        }
    }

    /// Why SES rejected a message it had accepted; the only reason SES gives is `Bad content`.
    public struct Reject: Codable, Sendable {
        public let reason: String

        public init(reason: String) {
            self.reason = reason
        }
    }

    public struct Delivery: Codable, Sendable {
        public let timestamp: String
        public let processingTimeMillis: Int
        public let recipients: [String]
        public let smtpResponse: String
        public let reportingMTA: String?
        public let remoteMtaIp: String?

        public init(
            timestamp: String,
            processingTimeMillis: Int = 0,
            recipients: [String],
            smtpResponse: String,
            reportingMTA: String? = nil,
            remoteMtaIp: String? = nil
        ) {
            self.timestamp = timestamp
            self.processingTimeMillis = processingTimeMillis
            self.recipients = recipients
            self.smtpResponse = smtpResponse
            self.reportingMTA = reportingMTA
            self.remoteMtaIp = remoteMtaIp
        }
    }
}

extension SNSEvent.Message {
    /// The SES notification SES published to this topic, decoded from `Message`.
    public func sesNotification() throws -> SESNotification {
        try decodeMessage(as: SESNotification.self)
    }
}
