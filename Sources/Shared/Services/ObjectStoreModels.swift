import Foundation

/// A bucket as ListBuckets answers it.
public struct BucketInfo: Sendable, Hashable {
    public let name: String
    public let creationDate: Date
    public let versioned: Bool

    public init(name: String, creationDate: Date, versioned: Bool) {
        self.name = name
        self.creationDate = creationDate
        self.versioned = versioned
    }
}

/// What PutObject and CopyObject answer.
public struct PutObjectResult: Sendable, Hashable {
    /// The hex MD5 of the bytes in double quotes, as S3 returns it.
    public let etag: String
    /// The new version's id; nil in an unversioned bucket.
    public let versionId: String?

    public init(etag: String, versionId: String?) {
        self.etag = etag
        self.versionId = versionId
    }
}

/// What DeleteObject answers.
public struct DeleteObjectResult: Sendable, Hashable {
    /// The delete marker's version id in a versioned bucket.
    public let versionId: String?
    /// Whether a delete marker was created (versioned buckets only).
    public let deleteMarker: Bool

    public init(versionId: String?, deleteMarker: Bool) {
        self.versionId = versionId
        self.deleteMarker = deleteMarker
    }
}

/// An object's attributes, as HeadObject answers them.
public struct S3ObjectHead: Sendable, Hashable {
    public let key: String
    public let size: Int
    /// The hex MD5 of the bytes in double quotes.
    public let etag: String
    public let contentType: String
    /// User metadata (`x-amz-meta-*`), names lower-cased as S3 returns them.
    public let metadata: [String: String]
    public let lastModified: Date
    /// nil in an unversioned bucket.
    public let versionId: String?

    public init(
        key: String,
        size: Int,
        etag: String,
        contentType: String,
        metadata: [String: String],
        lastModified: Date,
        versionId: String?
    ) {
        self.key = key
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.metadata = metadata
        self.lastModified = lastModified
        self.versionId = versionId
    }
}

/// An object with its bytes, as GetObject answers it.
public struct S3Object: Sendable, Hashable {
    public let head: S3ObjectHead
    public let data: Data

    public init(head: S3ObjectHead, data: Data) {
        self.head = head
        self.data = data
    }

    public var key: String { head.key }
    public var size: Int { head.size }
    public var etag: String { head.etag }
    public var contentType: String { head.contentType }
    public var metadata: [String: String] { head.metadata }
    public var lastModified: Date { head.lastModified }
    public var versionId: String? { head.versionId }
}

/// One entry of ListObjectsV2's `Contents`.
public struct ObjectSummary: Sendable, Hashable {
    public let key: String
    public let size: Int
    public let etag: String
    public let lastModified: Date

    public init(key: String, size: Int, etag: String, lastModified: Date) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// One entry of ListObjectVersions: a version or a delete marker.
public struct ObjectVersion: Sendable, Hashable {
    public let key: String
    /// `"null"` for objects of an unversioned bucket, as S3 answers.
    public let versionId: String
    public let isLatest: Bool
    public let isDeleteMarker: Bool
    /// 0 and an empty ETag for a delete marker.
    public let size: Int
    public let etag: String
    public let lastModified: Date

    public init(
        key: String,
        versionId: String,
        isLatest: Bool,
        isDeleteMarker: Bool,
        size: Int,
        etag: String,
        lastModified: Date
    ) {
        self.key = key
        self.versionId = versionId
        self.isLatest = isLatest
        self.isDeleteMarker = isDeleteMarker
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// The parameters of ListObjectsV2.
public struct ListObjectsV2Request: Sendable, Hashable {
    public var bucket: String
    public var prefix: String?
    public var delimiter: String?
    /// 0...1000; larger values are treated as 1000, as S3 does.
    public var maxKeys: Int
    /// The `nextContinuationToken` of the previous page; when set, `startAfter` is ignored.
    public var continuationToken: String?
    /// Only keys after this one (in UTF-8 byte order) are listed.
    public var startAfter: String?

    public init(
        bucket: String,
        prefix: String? = nil,
        delimiter: String? = nil,
        maxKeys: Int = 1000,
        continuationToken: String? = nil,
        startAfter: String? = nil
    ) {
        self.bucket = bucket
        self.prefix = prefix
        self.delimiter = delimiter
        self.maxKeys = maxKeys
        self.continuationToken = continuationToken
        self.startAfter = startAfter
    }
}

/// One page of ListObjectsV2.
public struct ListObjectsV2Result: Sendable, Hashable {
    /// Objects in UTF-8 byte order of their keys.
    public let contents: [ObjectSummary]
    /// Distinct key prefixes up to and including the first delimiter after `prefix`, in byte order.
    public let commonPrefixes: [String]
    public let isTruncated: Bool
    /// Pass as `continuationToken` for the next page; nil on the last page.
    public let nextContinuationToken: String?
    /// `contents.count + commonPrefixes.count`, each counted toward `maxKeys`.
    public let keyCount: Int

    public init(contents: [ObjectSummary], commonPrefixes: [String], isTruncated: Bool, nextContinuationToken: String?)
    {
        self.contents = contents
        self.commonPrefixes = commonPrefixes
        self.isTruncated = isTruncated
        self.nextContinuationToken = nextContinuationToken
        self.keyCount = contents.count + commonPrefixes.count
    }
}
