import Foundation
import Shared

/// What an object store answered, comparable across stores: version ids and times are each
/// store's own, so they appear only as "there is one".
enum ObjectOutcome: Equatable {
    case put(etag: String, versioned: Bool)
    case object(ObjectView?)
    case deleted(marker: Bool, versioned: Bool)
    /// Each page: its keys with sizes and ETags, its common prefixes, whether it was truncated.
    case pages([Page])
    /// Each version: key, latest, delete marker, size, ETag, and its bytes read back by id.
    case versions([VersionView])
    case failed(String)

    struct ObjectView: Equatable {
        var data: Data?
        var size: Int
        var etag: String
        var contentType: String
        var metadata: [String: String]
        var versioned: Bool
    }

    struct Page: Equatable {
        var contents: [String]
        var prefixes: [String]
        var truncated: Bool
    }

    struct VersionView: Equatable {
        var key: String
        var latest: Bool
        var marker: Bool
        var size: Int
        var etag: String
        var data: Data?
    }

    init(_ object: S3Object?) {
        self = .object(
            object.map {
                ObjectView(
                    data: $0.data,
                    size: $0.size,
                    etag: $0.etag,
                    contentType: $0.contentType,
                    metadata: $0.metadata,
                    versioned: $0.versionId != nil
                )
            }
        )
    }

    init(_ head: S3ObjectHead?) {
        self = .object(
            head.map {
                ObjectView(
                    data: nil,
                    size: $0.size,
                    etag: $0.etag,
                    contentType: $0.contentType,
                    metadata: $0.metadata,
                    versioned: $0.versionId != nil
                )
            }
        )
    }

    static func failure(_ error: Error) -> ObjectOutcome {
        guard let error = error as? ObjectStoreError else { return .failed("unexpected \(error)") }
        return .failed(error.code)
    }
}

/// Runs operations on one object store.
struct ObjectRunner {
    let store: any ObjectStore

    func run(_ operation: ObjectOperation) async -> ObjectOutcome {
        do {
            switch operation {
            case .put(let bucket, let key, let data, let type, let metadata):
                let put = try await store.putObject(
                    bucket: bucket,
                    key: key,
                    data: data,
                    contentType: type,
                    metadata: metadata
                )
                return .put(etag: put.etag, versioned: put.versionId != nil)
            case .create(let bucket, let key, let data):
                let put = try await store.createObject(
                    bucket: bucket,
                    key: key,
                    data: data,
                    contentType: nil,
                    metadata: [:]
                )
                return .put(etag: put.etag, versioned: put.versionId != nil)
            case .get(let bucket, let key): return ObjectOutcome(try await store.getObject(bucket: bucket, key: key))
            case .head(let bucket, let key): return ObjectOutcome(try await store.headObject(bucket: bucket, key: key))
            case .delete(let bucket, let key):
                let deleted = try await store.deleteObject(bucket: bucket, key: key)
                return .deleted(marker: deleted.deleteMarker, versioned: deleted.versionId != nil)
            case .copy(let fromBucket, let fromKey, let toBucket, let toKey):
                let copied = try await store.copyObject(
                    fromBucket: fromBucket,
                    fromKey: fromKey,
                    toBucket: toBucket,
                    toKey: toKey
                )
                return .put(etag: copied.etag, versioned: copied.versionId != nil)
            case .list(let request): return .pages(try await walk(request))
            case .versions(let bucket, let prefix): return .versions(try await versions(bucket, prefix))
            }
        } catch {
            return ObjectOutcome.failure(error)
        }
    }

    private func walk(_ request: ListObjectsV2Request) async throws -> [ObjectOutcome.Page] {
        var request = request
        var pages: [ObjectOutcome.Page] = []
        for _ in 0..<50 {
            let page = try await store.listObjectsV2(request)
            pages.append(
                .init(
                    contents: page.contents.map { "\($0.key) \($0.size) \($0.etag)" },
                    prefixes: page.commonPrefixes,
                    truncated: page.isTruncated
                )
            )
            guard page.isTruncated, let token = page.nextContinuationToken else { break }
            request.continuationToken = token
        }
        return pages
    }

    private func versions(_ bucket: String, _ prefix: String?) async throws -> [ObjectOutcome.VersionView] {
        var views: [ObjectOutcome.VersionView] = []
        for version in try await store.listObjectVersions(bucket: bucket, prefix: prefix) {
            let data =
                version.isDeleteMarker || version.versionId == "null"
                ? nil
                : try await store.getObject(bucket: bucket, key: version.key, versionId: version.versionId)?.data
            views.append(
                .init(
                    key: version.key,
                    latest: version.isLatest,
                    marker: version.isDeleteMarker,
                    size: version.size,
                    etag: version.etag,
                    data: data
                )
            )
        }
        return views
    }
}
