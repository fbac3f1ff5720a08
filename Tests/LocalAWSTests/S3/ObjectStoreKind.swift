import Foundation
import LocalAWS
import Shared

/// The implementations the conformance suites run against.
enum ObjectStoreKind: String, CaseIterable, CustomStringConvertible {
    case memory
    case file

    var description: String { rawValue }

    /// A fresh store with buckets `files` (unversioned) and `backups` (versioned).
    func withStore(
        maximumObjectSize: Int = maximumS3ObjectSize,
        _ body: (any ObjectStore) async throws -> Void
    ) async throws {
        let scratch = ScratchDirectory("testex-s3")
        defer { scratch.remove() }
        let store: any ObjectStore =
            switch self {
            case .memory: MemoryObjectStore(maximumObjectSize: maximumObjectSize, clock: referenceClock)
            case .file: FileObjectStore(root: scratch.url, maximumObjectSize: maximumObjectSize, clock: referenceClock)
            }
        try await store.createBucket("files", versioned: false)
        try await store.createBucket("backups", versioned: true)
        try await body(store)
    }
}

/// Every page of a listing, followed through its continuation tokens.
func listAllPages(_ store: any ObjectStore, _ request: ListObjectsV2Request) async throws -> [ListObjectsV2Result] {
    var pages: [ListObjectsV2Result] = []
    var request = request
    while true {
        let page = try await store.listObjectsV2(request)
        pages.append(page)
        guard page.isTruncated, let token = page.nextContinuationToken, pages.count < 10_000 else { return pages }
        request.continuationToken = token
    }
}
