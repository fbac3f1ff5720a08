/// Metadata of one contract document; the bytes live in the files (or archives) bucket.
public struct FileRecord: Codable, Sendable, Hashable {
    public var fileId: String
    public var contractId: String
    public var clientId: String
    public var filename: String
    public var contentType: String
    public var size: Int
    public var etag: String
    public var bucket: String
    public var key: String
    public var status: FileStatus
    public var uploadedAt: String
    public var uploadedBy: String
    public var archivedAt: String?

    enum CodingKeys: String, CodingKey {
        case fileId = "file_id"
        case contractId = "contract_id"
        case clientId = "client_id"
        case filename
        case contentType = "content_type"
        case size, etag, bucket, key, status
        case uploadedAt = "uploaded_at"
        case uploadedBy = "uploaded_by"
        case archivedAt = "archived_at"
    }

    public init(
        fileId: String,
        contractId: String,
        clientId: String,
        filename: String,
        contentType: String,
        size: Int,
        etag: String,
        bucket: String,
        key: String,
        status: FileStatus = .active,
        uploadedAt: String,
        uploadedBy: String
    ) {
        self.fileId = fileId
        self.contractId = contractId
        self.clientId = clientId
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.etag = etag
        self.bucket = bucket
        self.key = key
        self.status = status
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
    }
}

/// Where a document is: in the files bucket, or moved to the archives bucket.
public enum FileStatus: String, Codable, Sendable, CaseIterable {
    case active = "ACTIVE"
    case archived = "ARCHIVED"
}
