import Foundation
import Shared
import WireFormat

/// An `ObjectStore` kept as files a person can browse: `<root>/<bucket>/` per bucket, holding
/// `.bucket.json` (name, versioning, creation date) and one data file plus one metadata JSON per
/// object version (layout in `FileBucket`). Writes to a bucket serialize through the flock on
/// `<root>/<bucket>/.lock`, across processes too; reads take no lock.
public struct FileObjectStore: ObjectStore {
    /// The directory holding one directory per bucket.
    public let root: URL
    private let maximumObjectSize: Int
    private let clock: @Sendable () -> Date

    /// A store under `root` (created on first write); `maximumObjectSize` bounds a single PUT.
    public init(
        root: URL,
        maximumObjectSize: Int = maximumS3ObjectSize,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.root = root
        self.maximumObjectSize = maximumObjectSize
        self.clock = clock
    }

    public func createBucket(_ name: String, versioned: Bool) async throws {
        try ObjectStoreRules.validateBucketName(name)
        let directory = root.appendingPathComponent(name, isDirectory: true)
        try FileLock.withLock(directory.appendingPathComponent(FileBucket.lockFileName)) {
            if let existing = try readConfiguration(name) {
                return try checkSameVersioning(existing.info, versioned)
            }
            let configuration = BucketConfiguration(name: name, versioned: versioned, creationDate: clock())
            try DurableFile.write(
                JSON.encodePretty(configuration),
                to: directory.appendingPathComponent(FileBucket.configurationFileName)
            )
        }
    }

    public func listBuckets() async throws -> [BucketInfo] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return try names.sorted()
            .filter { (try? ObjectStoreRules.validateBucketName($0)) != nil }
            .compactMap { try readConfiguration($0)?.info }
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
        let bucket = try existing(bucket)
        return try FileLock.withLock(bucket.lockURL) { try bucket.put(write, at: clock()) }
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
        let stored = try existing(bucket)
        return try FileLock.withLock(stored.lockURL) {
            if let (current, _) = try stored.version(of: key, versionId: nil), !current.deleteMarker {
                throw ObjectStoreError.preconditionFailed(bucket: bucket, key: key)
            }
            return try stored.put(write, at: clock())
        }
    }

    public func getObject(bucket: String, key: String, versionId: String?) async throws -> S3Object? {
        try ObjectStoreRules.validateKey(key)
        return try existing(bucket).object(key, versionId: versionId)
    }

    public func headObject(bucket: String, key: String, versionId: String?) async throws -> S3ObjectHead? {
        try ObjectStoreRules.validateKey(key)
        guard let (version, _) = try existing(bucket).version(of: key, versionId: versionId), !version.deleteMarker
        else { return nil }
        return version.head
    }

    @discardableResult
    public func deleteObject(bucket: String, key: String) async throws -> DeleteObjectResult {
        try ObjectStoreRules.validateKey(key)
        let bucket = try existing(bucket)
        return try FileLock.withLock(bucket.lockURL) { try bucket.delete(key, at: clock()) }
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
        let destination = try existing(toBucket)
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
        return try FileLock.withLock(destination.lockURL) { try destination.put(write, at: clock()) }
    }

    public func listObjectsV2(_ request: ListObjectsV2Request) async throws -> ListObjectsV2Result {
        let bucket = try existing(request.bucket)
        let current = try bucket.allVersions(prefix: request.prefix ?? "").compactMap { versions in
            versions.last.flatMap { $0.deleteMarker ? nil : $0.summary }
        }
        return try ListObjectsV2.page(of: current, request)
    }

    public func listObjectVersions(bucket: String, prefix: String?) async throws -> [ObjectVersion] {
        try existing(bucket).allVersions(prefix: prefix ?? "")
            .sorted { $0[0].key.utf8.lexicographicallyPrecedes($1[0].key.utf8) }
            .flatMap { $0.listedNewestFirst() }
    }

    private func existing(_ name: String) throws -> FileBucket {
        try ObjectStoreRules.validateBucketName(name)
        guard let configuration = try readConfiguration(name) else { throw ObjectStoreError.noSuchBucket(name) }
        return FileBucket(url: root.appendingPathComponent(name, isDirectory: true), info: configuration.info)
    }

    private func readConfiguration(_ name: String) throws -> BucketConfiguration? {
        let file = root.appendingPathComponent(name, isDirectory: true).appendingPathComponent(
            FileBucket.configurationFileName
        )
        guard let data = try DurableFile.read(file) else { return nil }
        do {
            return try JSON.decode(BucketConfiguration.self, from: data)
        } catch {
            throw StorageError.corrupt("\(file.path) is not a bucket configuration: \(error)")
        }
    }
}

/// `<root>/<bucket>/.bucket.json`: its existence is the bucket's.
struct BucketConfiguration: Codable {
    let name: String
    let versioned: Bool
    let creationDate: String

    enum CodingKeys: String, CodingKey {
        case name, versioned
        case creationDate = "creation_date"
    }

    init(name: String, versioned: Bool, creationDate: Date) {
        self.name = name
        self.versioned = versioned
        self.creationDate = ISO8601Timestamp.string(from: creationDate)
    }

    var info: BucketInfo {
        BucketInfo(
            name: name,
            creationDate: ISO8601Timestamp.date(from: creationDate) ?? Date(timeIntervalSince1970: 0),
            versioned: versioned
        )
    }
}
