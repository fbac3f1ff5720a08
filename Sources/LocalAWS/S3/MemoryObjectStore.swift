import Cryptography
import Foundation
import Shared
import WireFormat

/// An `ObjectStore` in memory with the same semantics as `FileObjectStore`, for fast tests.
public actor MemoryObjectStore: ObjectStore {
    private struct Bucket {
        let info: BucketInfo
        /// Versions of each key, oldest first, keyed by the key's UTF-8 bytes (not by String,
        /// whose equality would merge canonically equivalent keys that S3 keeps apart).
        var objects: [[UInt8]: [StoredObjectVersion]] = [:]
        var data: [String: Data] = [:]
    }

    private var buckets: [String: Bucket] = [:]
    private let maximumObjectSize: Int
    private let clock: @Sendable () -> Date

    /// An empty store; `maximumObjectSize` bounds a single PUT (S3's 5 GB by default).
    public init(maximumObjectSize: Int = maximumS3ObjectSize, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.maximumObjectSize = maximumObjectSize
        self.clock = clock
    }

    public func createBucket(_ name: String, versioned: Bool) async throws {
        try ObjectStoreRules.validateBucketName(name)
        if let existing = buckets[name] {
            try checkSameVersioning(existing.info, versioned)
            return
        }
        let info = BucketInfo(
            name: name,
            creationDate: ISO8601Timestamp.truncatedToMilliseconds(clock()),
            versioned: versioned
        )
        buckets[name] = Bucket(info: info)
    }

    public func listBuckets() async throws -> [BucketInfo] {
        buckets.values.map(\.info).sorted { $0.name < $1.name }
    }

    @discardableResult
    public func putObject(
        bucket: String,
        key: String,
        data: Data,
        contentType: String?,
        metadata: [String: String]
    ) async throws -> PutObjectResult {
        let write = try ObjectWrite(
            key: key,
            data: data,
            contentType: contentType,
            metadata: metadata,
            maximumSize: maximumObjectSize
        )
        return try store(write, in: bucket)
    }

    public func createObject(
        bucket: String,
        key: String,
        data: Data,
        contentType: String?,
        metadata: [String: String]
    ) async throws -> PutObjectResult {
        let write = try ObjectWrite(
            key: key,
            data: data,
            contentType: contentType,
            metadata: metadata,
            maximumSize: maximumObjectSize
        )
        if let current = try find(bucket: bucket, key: key, versionId: nil), !current.deleteMarker {
            throw ObjectStoreError.preconditionFailed(bucket: bucket, key: key)
        }
        return try store(write, in: bucket)
    }

    public func getObject(bucket: String, key: String, versionId: String?) async throws -> S3Object? {
        guard let version = try find(bucket: bucket, key: key, versionId: versionId) else { return nil }
        return S3Object(head: version.head, data: buckets[bucket]?.data[dataKey(version)] ?? Data())
    }

    public func headObject(bucket: String, key: String, versionId: String?) async throws -> S3ObjectHead? {
        try find(bucket: bucket, key: key, versionId: versionId)?.head
    }

    @discardableResult
    public func deleteObject(bucket name: String, key: String) async throws -> DeleteObjectResult {
        try ObjectStoreRules.validateKey(key)
        let keyBytes = Array(key.utf8)
        let now = clock()
        return try modifying(name) { bucket in
            if bucket.info.versioned {
                let id = VersionID.make(sequence: (bucket.objects[keyBytes]?.count ?? 0) + 1)
                bucket.objects[keyBytes, default: []].append(.deleteMarker(key: key, versionId: id, at: now))
                return DeleteObjectResult(versionId: id, deleteMarker: true)
            }
            if let removed = bucket.objects.removeValue(forKey: keyBytes)?.last {
                bucket.data[dataKey(removed)] = nil
            }
            return DeleteObjectResult(versionId: nil, deleteMarker: false)
        }
    }

    @discardableResult
    public func copyObject(
        fromBucket: String,
        fromKey: String,
        sourceVersionId: String?,
        toBucket: String,
        toKey: String
    ) async throws -> PutObjectResult {
        try ObjectStoreRules.validateKey(toKey)
        _ = try existing(toBucket)
        guard let source = try await getObject(bucket: fromBucket, key: fromKey, versionId: sourceVersionId) else {
            throw ObjectStoreError.noSuchKey(bucket: fromBucket, key: fromKey)
        }
        try CopyRules.checkNotOntoItself(
            fromBucket: fromBucket,
            fromKey: fromKey,
            sourceVersionId: sourceVersionId,
            toBucket: toBucket,
            toKey: toKey
        )
        let write = try ObjectWrite(
            key: toKey,
            data: source.data,
            contentType: source.contentType,
            metadata: source.metadata,
            maximumSize: maximumObjectSize
        )
        return try store(write, in: toBucket)
    }

    public func listObjectsV2(_ request: ListObjectsV2Request) async throws -> ListObjectsV2Result {
        let bucket = try existing(request.bucket)
        let current = bucket.objects.values.compactMap { versions in
            versions.last.flatMap { $0.deleteMarker ? nil : $0.summary }
        }
        return try ListObjectsV2.page(of: current, request)
    }

    public func listObjectVersions(bucket name: String, prefix: String?) async throws -> [ObjectVersion] {
        let bucket = try existing(name)
        let prefixBytes = Array((prefix ?? "").utf8)
        return bucket.objects
            .filter { $0.key.starts(with: prefixBytes) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .flatMap { $0.value.listedNewestFirst() }
    }

    private func store(_ write: ObjectWrite, in name: String) throws -> PutObjectResult {
        let keyBytes = Array(write.key.utf8)
        let now = clock()
        return try modifying(name) { bucket in
            let count = bucket.objects[keyBytes]?.count ?? 0
            let id = bucket.info.versioned ? VersionID.make(sequence: count + 1) : nil
            let version = write.version(id: id, at: now)
            if !bucket.info.versioned, let replaced = bucket.objects.removeValue(forKey: keyBytes)?.last {
                bucket.data[dataKey(replaced)] = nil
            }
            bucket.objects[keyBytes, default: []].append(version)
            bucket.data[dataKey(version)] = write.data
            return PutObjectResult(etag: write.etag, versionId: id)
        }
    }

    /// Changes a bucket where it is held: a copy taken out and put back would copy its
    /// dictionaries on every write, making each write cost as much as the bucket holds.
    private func modifying<T>(_ name: String, _ change: (inout Bucket) throws -> T) throws -> T {
        try ObjectStoreRules.validateBucketName(name)
        guard buckets[name] != nil else { throw ObjectStoreError.noSuchBucket(name) }
        return try change(&buckets[name]!)
    }

    private func find(bucket name: String, key: String, versionId: String?) throws -> StoredObjectVersion? {
        try ObjectStoreRules.validateKey(key)
        let bucket = try existing(name)
        let versions = bucket.objects[Array(key.utf8)] ?? []
        let version: StoredObjectVersion?
        switch versionId {
        case nil: version = versions.last
        case "null" where !bucket.info.versioned: version = versions.last
        case let id?: version = versions.first { $0.versionId == id }
        }
        guard let version, !version.deleteMarker else { return nil }
        return version
    }

    private func existing(_ name: String) throws -> Bucket {
        try ObjectStoreRules.validateBucketName(name)
        guard let bucket = buckets[name] else { throw ObjectStoreError.noSuchBucket(name) }
        return bucket
    }

    /// Bytes are held apart from versions, keyed by key bytes and version, so versions stay small values.
    private func dataKey(_ version: StoredObjectVersion) -> String {
        Hex.encode(version.key.utf8) + "/" + (version.versionId ?? "null")
    }
}

/// Rules shared by every store's CopyObject.
enum CopyRules {
    /// S3 refuses to copy an object onto itself unchanged; copying an older version over the
    /// latest (a restore) is allowed.
    static func checkNotOntoItself(
        fromBucket: String,
        fromKey: String,
        sourceVersionId: String?,
        toBucket: String,
        toKey: String
    ) throws {
        if fromBucket == toBucket, fromKey.utf8.elementsEqual(toKey.utf8), sourceVersionId == nil {
            throw ObjectStoreError.invalidRequest(
                "this copy request is illegal because it is trying to copy an object to itself without "
                    + "changing the object's metadata"
            )
        }
    }
}

/// Refuses to recreate a bucket with different versioning: the layouts differ, and S3 changes
/// versioning through a separate call.
func checkSameVersioning(_ existing: BucketInfo, _ versioned: Bool) throws {
    guard existing.versioned == versioned else {
        throw ObjectStoreError.invalidRequest(
            "bucket \(existing.name) exists with versioning \(existing.versioned ? "enabled" : "disabled")"
        )
    }
}
