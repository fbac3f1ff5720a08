import Foundation

/// A bulk termination: the rows of one CSV, terminated batch by batch by the campaign state
/// machine, with the counts of its rows by status and where to call back when it ends.
public struct Campaign: Codable, Sendable, Hashable {
    public init(
        campaignId: String,
        status: CampaignStatus,
        reason: String,
        effectiveDate: String?,
        notes: String?,
        sendAt: String?,
        callbackURL: String?,
        callbackSecret: String?,
        notifyRowFailures: Bool?,
        csvKey: String?,
        totalRows: Int,
        batchCount: Int,
        counts: CampaignCounts,
        executionArn: String?,
        createdAt: String,
        createdBy: String,
        createdByRole: Role? = nil,
        startedAt: String? = nil,
        finishedAt: String? = nil,
        updatedAt: String
    ) {
        self.campaignId = campaignId
        self.status = status
        self.reason = reason
        self.effectiveDate = effectiveDate
        self.notes = notes
        self.sendAt = sendAt
        self.callbackURL = callbackURL
        self.callbackSecret = callbackSecret
        self.notifyRowFailures = notifyRowFailures
        self.csvKey = csvKey
        self.totalRows = totalRows
        self.batchCount = batchCount
        self.counts = counts
        self.executionArn = executionArn
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.createdByRole = createdByRole
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.updatedAt = updatedAt
    }

    public var campaignId: String
    public var status: CampaignStatus
    public var reason: String
    public var effectiveDate: String?
    public var notes: String?
    /// When the notices go out (the state machine waits until then).
    public var sendAt: String?
    public var callbackURL: String?
    /// Signs the callbacks; answered once, when the campaign is created, and never shown again.
    public var callbackSecret: String?
    /// Whether each failed row is called back as well as the end.
    public var notifyRowFailures: Bool?
    public var csvKey: String?
    public var totalRows: Int
    public var batchCount: Int
    public var counts: CampaignCounts
    public var executionArn: String?
    public var createdAt: String
    public var createdBy: String
    /// The role of the caller who created the campaign: its rows are terminated with that
    /// caller's rules (only an admin's may be backdated), recorded in their audit entries as that caller.
    public var createdByRole: Role?
    public var startedAt: String?
    public var finishedAt: String?
    public var updatedAt: String
    /// Rows done (not PENDING) of all rows, 0 to 1, when the counts are current.
    public var progress: Decimal?

    enum CodingKeys: String, CodingKey {
        case campaignId = "campaign_id"
        case status, reason, notes, counts, progress
        case effectiveDate = "effective_date"
        case sendAt = "send_at"
        case callbackURL = "callback_url"
        case callbackSecret = "callback_secret"
        case notifyRowFailures = "notify_row_failures"
        case csvKey = "csv_key"
        case totalRows = "total_rows"
        case batchCount = "batch_count"
        case executionArn = "execution_arn"
        case createdAt = "created_at"
        case createdBy = "created_by"
        case createdByRole = "created_by_role"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case updatedAt = "updated_at"
    }

    /// Who the rows are terminated as: the creator, with the role they had. A campaign recorded
    /// without its creator's role runs with the lesser of the two roles that may create one.
    public var creator: Caller {
        Caller(subject: createdBy, role: createdByRole ?? .system)
    }

    /// The campaign as the API shows it: the secret left out.
    public var shown: Campaign {
        var copy = self
        copy.callbackSecret = nil
        return copy
    }

}

public enum CampaignStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for `send_at`.
    case scheduled = "SCHEDULED"
    case running = "RUNNING"
    case completed = "COMPLETED"
    /// Cancelled: the rows not yet run were skipped.
    case cancelled = "CANCELLED"
    /// The state machine failed; the rows not yet run stay PENDING.
    case failed = "FAILED"

    public var isFinal: Bool { self == .completed || self == .cancelled || self == .failed }
}

/// How many rows are in each status.
public struct CampaignCounts: Codable, Sendable, Hashable {
    public var pending = 0
    public var terminated = 0
    public var scheduled = 0
    public var skipped = 0
    public var failed = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case pending = "PENDING"
        case terminated = "TERMINATED"
        case scheduled = "SCHEDULED"
        case skipped = "SKIPPED"
        case failed = "FAILED"
    }

    public mutating func add(_ status: CampaignRowStatus, _ count: Int = 1) {
        switch status {
        case .pending: pending += count
        case .terminated: terminated += count
        case .scheduled: scheduled += count
        case .skipped: skipped += count
        case .failed: failed += count
        }
    }

    public static func + (a: CampaignCounts, b: CampaignCounts) -> CampaignCounts {
        var sum = a
        sum.pending += b.pending
        sum.terminated += b.terminated
        sum.scheduled += b.scheduled
        sum.skipped += b.skipped
        sum.failed += b.failed
        return sum
    }
}

public enum CampaignRowStatus: String, Codable, Sendable, CaseIterable {
    case pending = "PENDING"
    case terminated = "TERMINATED"
    /// Terminated on a later effective date: recorded as pending on the contract, notice sent.
    case scheduled = "SCHEDULED"
    /// Nothing to do: a duplicate, a contract already terminated, a cancelled campaign.
    case skipped = "SKIPPED"
    /// Could not be done: a malformed row, an unknown contract, a transition not allowed.
    case failed = "FAILED"
}

/// One row of a campaign's CSV and what became of it.
public struct CampaignRow: Codable, Sendable, Hashable {
    public init(
        campaignId: String,
        rowKey: String,
        line: Int,
        contractId: String,
        reason: String?,
        effectiveDate: String?,
        notes: String?,
        status: CampaignRowStatus,
        why: String?,
        batchId: String,
        campaignStatus: String,
        updatedAt: String
    ) {
        self.campaignId = campaignId
        self.rowKey = rowKey
        self.line = line
        self.contractId = contractId
        self.reason = reason
        self.effectiveDate = effectiveDate
        self.notes = notes
        self.status = status
        self.why = why
        self.batchId = batchId
        self.campaignStatus = campaignStatus
        self.updatedAt = updatedAt
    }

    public var campaignId: String
    /// The row's place in the file, zero-padded (`00001`), so key order is file order.
    public var rowKey: String
    /// The CSV line the row starts on (the header is line 1).
    public var line: Int
    public var contractId: String
    public var reason: String?
    public var effectiveDate: String?
    public var notes: String?
    public var status: CampaignRowStatus
    public var why: String?
    public var batchId: String
    /// `<campaign_id>#<status>`: the status index's partition.
    public var campaignStatus: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case campaignId = "campaign_id"
        case rowKey = "row_key"
        case line, reason, notes, status, why
        case contractId = "contract_id"
        case effectiveDate = "effective_date"
        case batchId = "batch_id"
        case campaignStatus = "campaign_status"
        case updatedAt = "updated_at"
    }

    public mutating func settle(_ status: CampaignRowStatus, why: String?, at time: String) {
        self.status = status
        self.why = why
        self.campaignStatus = "\(campaignId)#\(status.rawValue)"
        self.updatedAt = time
    }

    public static func key(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}

/// A batch of rows, run by one iteration of the state machine's Map, with its rows' counts.
public struct CampaignBatch: Codable, Sendable, Hashable {
    public init(
        campaignId: String,
        batchId: String,
        firstRow: Int,
        lastRow: Int,
        done: Bool,
        counts: CampaignCounts,
        updatedAt: String
    ) {
        self.campaignId = campaignId
        self.batchId = batchId
        self.firstRow = firstRow
        self.lastRow = lastRow
        self.done = done
        self.counts = counts
        self.updatedAt = updatedAt
    }

    public var campaignId: String
    public var batchId: String
    public var firstRow: Int
    public var lastRow: Int
    public var done: Bool
    public var counts: CampaignCounts
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case campaignId = "campaign_id"
        case batchId = "batch_id"
        case firstRow = "first_row"
        case lastRow = "last_row"
        case done, counts
        case updatedAt = "updated_at"
    }

    public static func id(_ number: Int) -> String {
        let digits = String(number)
        return "B" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// The limits of a campaign's CSV.
public enum CampaignLimits {
    public static let maximumRows = 10_000
    public static let maximumBytes = 5 * 1024 * 1024
    /// Rows per batch: one Map iteration, one write of the rows' outcomes.
    public static let batchSize = 100
}

/// A presigned link that uploads one campaign CSV, and the key to create the campaign with.
public struct CampaignUploadLink: Codable, Sendable, Hashable {
    public var csvKey: String
    public var link: PresignedURL
    /// Headers the upload must send.
    public var headers: [String: String]

    enum CodingKeys: String, CodingKey {
        case csvKey = "csv_key"
        case link, headers
    }

    public init(csvKey: String, link: PresignedURL, headers: [String: String]) {
        self.csvKey = csvKey
        self.link = link
        self.headers = headers
    }

    /// The object key of upload `id` (`UP` + 10): in the files bucket, beside no contract's documents.
    public static func key(_ id: String) -> String { "campaign-uploads/\(id).csv" }
}

/// A campaign CSV uploaded through its link.
public struct CampaignUpload: Codable, Sendable, Hashable {
    public var csvKey: String
    public var bytes: Int
    public var etag: String

    enum CodingKeys: String, CodingKey {
        case csvKey = "csv_key"
        case bytes, etag
    }

    public init(csvKey: String, bytes: Int, etag: String) {
        self.csvKey = csvKey
        self.bytes = bytes
        self.etag = etag
    }
}
