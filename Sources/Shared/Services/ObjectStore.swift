import Foundation

/// Buckets of objects with S3's semantics. Keys are compared and ordered by their UTF-8 bytes.
/// Every write is atomic and durable when it returns: a reader sees the whole old object or the
/// whole new one. Calls on a bucket that does not exist throw `ObjectStoreError.noSuchBucket`.
public protocol ObjectStore: Sendable {
    /// Creates the bucket if absent; an existing bucket with the same versioning is left as it is.
    func createBucket(_ name: String, versioned: Bool) async throws
    /// The buckets that exist, by name.
    func listBuckets() async throws -> [BucketInfo]
    /// Stores the object, replacing the current one (a versioned bucket keeps the old as a version).
    @discardableResult
    func putObject(
        bucket: String,
        key: String,
        data: Data,
        contentType: String?,
        metadata: [String: String]
    ) async throws -> PutObjectResult
    /// Stores the object only if the key has no current object (PutObject with `If-None-Match: *`),
    /// atomically with every other writer; `preconditionFailed` otherwise, and nothing is written.
    @discardableResult
    func createObject(
        bucket: String,
        key: String,
        data: Data,
        contentType: String?,
        metadata: [String: String]
    ) async throws -> PutObjectResult
    /// The object (the latest version when `versionId` is nil), or nil when absent or deleted.
    func getObject(bucket: String, key: String, versionId: String?) async throws -> S3Object?
    /// What `getObject` answers without the bytes.
    func headObject(bucket: String, key: String, versionId: String?) async throws -> S3ObjectHead?
    /// Deletes the object; an absent key is not an error. A versioned bucket gets a delete marker.
    @discardableResult
    func deleteObject(bucket: String, key: String) async throws -> DeleteObjectResult
    /// Copies bytes, content type and metadata; throws `noSuchKey` when the source is absent.
    @discardableResult
    func copyObject(
        fromBucket: String,
        fromKey: String,
        sourceVersionId: String?,
        toBucket: String,
        toKey: String
    ) async throws -> PutObjectResult
    /// One page of the bucket's current objects, as S3's ListObjectsV2 answers it.
    func listObjectsV2(_ request: ListObjectsV2Request) async throws -> ListObjectsV2Result
    /// Every version and delete marker under `prefix`: by key, newest first within a key.
    func listObjectVersions(bucket: String, prefix: String?) async throws -> [ObjectVersion]
}

extension ObjectStore {
    /// Creates an unversioned bucket if absent.
    public func createBucket(_ name: String) async throws {
        try await createBucket(name, versioned: false)
    }

    /// Stores the object with the given content type and user metadata.
    @discardableResult
    public func putObject(
        bucket: String,
        key: String,
        data: Data,
        contentType: String? = nil,
        metadata: [String: String] = [:]
    ) async throws -> PutObjectResult {
        try await putObject(bucket: bucket, key: key, data: data, contentType: contentType, metadata: metadata)
    }

    /// The latest version of the object, or nil when absent.
    public func getObject(bucket: String, key: String) async throws -> S3Object? {
        try await getObject(bucket: bucket, key: key, versionId: nil)
    }

    /// The latest version's attributes, or nil when absent.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectHead? {
        try await headObject(bucket: bucket, key: key, versionId: nil)
    }

    /// Copies the latest version of the source object.
    @discardableResult
    public func copyObject(
        fromBucket: String,
        fromKey: String,
        toBucket: String,
        toKey: String
    ) async throws -> PutObjectResult {
        try await copyObject(
            fromBucket: fromBucket,
            fromKey: fromKey,
            sourceVersionId: nil,
            toBucket: toBucket,
            toKey: toKey
        )
    }

    /// One page of ListObjectsV2 with S3's parameters and defaults.
    public func listObjectsV2(
        bucket: String,
        prefix: String? = nil,
        delimiter: String? = nil,
        maxKeys: Int = 1000,
        continuationToken: String? = nil,
        startAfter: String? = nil
    ) async throws -> ListObjectsV2Result {
        try await listObjectsV2(
            ListObjectsV2Request(
                bucket: bucket,
                prefix: prefix,
                delimiter: delimiter,
                maxKeys: maxKeys,
                continuationToken: continuationToken,
                startAfter: startAfter
            )
        )
    }

    /// Every version under the whole bucket.
    public func listObjectVersions(bucket: String) async throws -> [ObjectVersion] {
        try await listObjectVersions(bucket: bucket, prefix: nil)
    }
}
