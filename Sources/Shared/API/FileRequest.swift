/// What FileHandler is asked to do with contract documents.

public enum FileAction: String, Codable, Sendable, CaseIterable {
    case upload, list, download, delete
    /// Moves every active document of a contract to the archives bucket.
    case archiveContract = "archive_contract"
    /// Writes the contract's JSON to the versioned backups bucket.
    case backupContract = "backup_contract"
    /// A time-limited GET link to one document.
    case presignDownload = "presign_download"
    /// A time-limited PUT link for a new document, with the file id it will get.
    case presignUpload = "presign_upload"
}

/// A request to FileHandler.
public struct FileRequest: Codable, Sendable, Hashable {
    public var action: FileAction
    public var caller: Caller
    public var contractId: String
    public var fileId: String?
    public var filename: String?
    public var contentType: String?
    public var contentBase64: String?
    /// The contract as it was before the change that asked for the backup.
    public var contract: Contract?
    public var reason: String?
    public var page: PageRequest?
    /// How long a presigned link lasts, in seconds.
    public var expiresIn: Int?

    enum CodingKeys: String, CodingKey {
        case action, caller, filename, contract, reason, page
        case expiresIn = "expires_in"
        case contractId = "contract_id"
        case fileId = "file_id"
        case contentType = "content_type"
        case contentBase64 = "content_base64"
    }

    public init(
        action: FileAction,
        caller: Caller,
        contractId: String,
        fileId: String? = nil,
        filename: String? = nil,
        contentType: String? = nil,
        contentBase64: String? = nil,
        contract: Contract? = nil,
        reason: String? = nil,
        page: PageRequest? = nil,
        expiresIn: Int? = nil
    ) {
        self.action = action
        self.caller = caller
        self.contractId = contractId
        self.fileId = fileId
        self.filename = filename
        self.contentType = contentType
        self.contentBase64 = contentBase64
        self.contract = contract
        self.reason = reason
        self.page = page
        self.expiresIn = expiresIn
    }
}

/// A downloaded document: its metadata and bytes.
public struct FileDownload: Codable, Sendable {
    public var file: FileRecord
    public var contentBase64: String

    enum CodingKeys: String, CodingKey {
        case file
        case contentBase64 = "content_base64"
    }

    public init(file: FileRecord, contentBase64: String) {
        self.file = file
        self.contentBase64 = contentBase64
    }
}

/// A presigned link to a document: to download it, or to upload a new one as `file_id`.
public struct FileLink: Codable, Sendable, Hashable {
    public var fileId: String
    public var bucket: String
    public var key: String
    public var url: String
    public var method: String
    public var expiresAt: String
    /// The headers the upload must send: its Content-Type, and `If-None-Match: *` (a link uploads
    /// one document; S3 refuses a request without it, since its links sign it).
    public var headers: [String: String]?

    enum CodingKeys: String, CodingKey {
        case fileId = "file_id"
        case bucket, key, url, method, headers
        case expiresAt = "expires_at"
    }

    public init(fileId: String, bucket: String, key: String, link: PresignedURL, headers: [String: String]? = nil) {
        self.fileId = fileId
        self.bucket = bucket
        self.key = key
        self.url = link.url
        self.method = link.method
        self.expiresAt = link.expiresAt
        self.headers = headers
    }
}

/// The documents an archive step moved.
public struct ArchiveResult: Codable, Sendable {
    public var archived: [FileRecord]

    public init(archived: [FileRecord]) {
        self.archived = archived
    }
}

/// Where a backup was written.
public struct BackupResult: Codable, Sendable, Hashable {
    public var bucket: String
    public var key: String
    public var versionId: String?
    public var etag: String

    enum CodingKeys: String, CodingKey {
        case bucket, key, etag
        case versionId = "version_id"
    }

    public init(bucket: String, key: String, versionId: String?, etag: String) {
        self.bucket = bucket
        self.key = key
        self.versionId = versionId
        self.etag = etag
    }
}
