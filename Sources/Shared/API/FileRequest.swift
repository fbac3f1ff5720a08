/// What FileHandler is asked to do with contract documents.
public enum FileAction: String, Codable, Sendable, CaseIterable {
    case upload, list, download, delete
    /// Moves every active document of a contract to the archives bucket.
    case archiveContract = "archive_contract"
    /// Writes the contract's JSON to the versioned backups bucket.
    case backupContract = "backup_contract"
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

    enum CodingKeys: String, CodingKey {
        case action, caller, filename, contract, reason, page
        case contractId = "contract_id"
        case fileId = "file_id"
        case contentType = "content_type"
        case contentBase64 = "content_base64"
    }

    public init(action: FileAction, caller: Caller, contractId: String, fileId: String? = nil, filename: String? = nil,
                contentType: String? = nil, contentBase64: String? = nil, contract: Contract? = nil, reason: String? = nil,
                page: PageRequest? = nil) {
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
