import Foundation
import Shared
import WireFormat

/// One version of an object as the stores keep it; in a file store, the sidecar metadata JSON.
/// It records the exact original key, so listings never depend on decoding file names.
struct StoredObjectVersion: Sendable, Hashable, Codable {
    var key: String
    /// nil in an unversioned bucket.
    var versionId: String?
    var deleteMarker: Bool
    var size: Int
    var etag: String
    var contentType: String
    var metadata: [String: String]
    var lastModified: Date
    /// The data file beside this record (file store, unversioned buckets only).
    var dataFile: String?

    enum CodingKeys: String, CodingKey {
        case key, size, etag, metadata
        case versionId = "version_id"
        case deleteMarker = "delete_marker"
        case contentType = "content_type"
        case lastModified = "last_modified"
        case dataFile = "data_file"
    }

    init(
        key: String,
        versionId: String?,
        deleteMarker: Bool,
        size: Int,
        etag: String,
        contentType: String,
        metadata: [String: String],
        lastModified: Date,
        dataFile: String? = nil
    ) {
        self.key = key
        self.versionId = versionId
        self.deleteMarker = deleteMarker
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.metadata = metadata
        self.lastModified = ISO8601Timestamp.truncatedToMilliseconds(lastModified)
        self.dataFile = dataFile
    }

    /// A delete marker of a versioned bucket.
    static func deleteMarker(key: String, versionId: String, at date: Date) -> StoredObjectVersion {
        StoredObjectVersion(
            key: key,
            versionId: versionId,
            deleteMarker: true,
            size: 0,
            etag: "",
            contentType: "",
            metadata: [:],
            lastModified: date
        )
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        versionId = try container.decodeIfPresent(String.self, forKey: .versionId)
        deleteMarker = try container.decodeIfPresent(Bool.self, forKey: .deleteMarker) ?? false
        size = try container.decode(Int.self, forKey: .size)
        etag = try container.decode(String.self, forKey: .etag)
        contentType = try container.decode(String.self, forKey: .contentType)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        let timestamp = try container.decode(String.self, forKey: .lastModified)
        guard let date = ISO8601Timestamp.date(from: timestamp) else {
            throw DecodingError.dataCorruptedError(
                forKey: .lastModified,
                in: container,
                debugDescription: "not ISO-8601: \(timestamp)"
            )
        }
        lastModified = date
        dataFile = try container.decodeIfPresent(String.self, forKey: .dataFile)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encodeIfPresent(versionId, forKey: .versionId)
        try container.encode(deleteMarker, forKey: .deleteMarker)
        try container.encode(size, forKey: .size)
        try container.encode(etag, forKey: .etag)
        try container.encode(contentType, forKey: .contentType)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(ISO8601Timestamp.string(from: lastModified), forKey: .lastModified)
        try container.encodeIfPresent(dataFile, forKey: .dataFile)
    }

    var head: S3ObjectHead {
        S3ObjectHead(
            key: key,
            size: size,
            etag: etag,
            contentType: contentType,
            metadata: metadata,
            lastModified: lastModified,
            versionId: versionId
        )
    }

    var summary: ObjectSummary {
        ObjectSummary(key: key, size: size, etag: etag, lastModified: lastModified)
    }

    func listedVersion(isLatest: Bool) -> ObjectVersion {
        ObjectVersion(
            key: key,
            versionId: versionId ?? "null",
            isLatest: isLatest,
            isDeleteMarker: deleteMarker,
            size: size,
            etag: etag,
            lastModified: lastModified
        )
    }

    /// Whether this version belongs to `key`, comparing bytes (Swift's `==` on strings treats
    /// canonically equivalent spellings as equal; S3 keys do not).
    func hasKey(_ other: String) -> Bool {
        key.utf8.elementsEqual(other.utf8)
    }
}

/// A validated PUT: everything about the new version except where and when it is stored.
struct ObjectWrite: Sendable {
    let key: String
    let data: Data
    let contentType: String
    let metadata: [String: String]
    let etag: String

    /// Checks the key, content type, metadata and size as S3 does; throws before anything is written.
    init(key: String, data: Data, contentType: String?, metadata: [String: String], maximumSize: Int) throws {
        try ObjectStoreRules.validateKey(key)
        guard data.count <= maximumSize else {
            throw ObjectStoreError.entityTooLarge(bytes: data.count, maximum: maximumSize)
        }
        self.key = key
        self.data = data
        self.contentType = try ObjectStoreRules.normalizedContentType(contentType)
        self.metadata = try ObjectStoreRules.normalizedMetadata(metadata)
        self.etag = ObjectStoreRules.etag(of: data)
    }

    func version(id: String?, at date: Date, dataFile: String? = nil) -> StoredObjectVersion {
        StoredObjectVersion(
            key: key,
            versionId: id,
            deleteMarker: false,
            size: data.count,
            etag: etag,
            contentType: contentType,
            metadata: metadata,
            lastModified: date,
            dataFile: dataFile
        )
    }
}

/// The largest single PUT S3 accepts.
public let maximumS3ObjectSize = 5 * 1024 * 1024 * 1024

extension Array where Element == StoredObjectVersion {
    /// ListObjectVersions entries for one key's versions (oldest first): newest first, the last one latest.
    func listedNewestFirst() -> [ObjectVersion] {
        reversed().enumerated().map { $1.listedVersion(isLatest: $0 == 0) }
    }
}
