import AWSClients
import Foundation
import LocalAWS
import Shared
import TestSupport

/// The implementations the conformance suites run against: both stand-ins, and S3 itself as
/// moto serves it (where python3 has moto).
enum ObjectStoreKind: String, CaseIterable, CustomStringConvertible {
    case memory
    case file
    case s3

    var description: String { self == .s3 ? "S3 on moto" : rawValue }

    static let standIns: [ObjectStoreKind] = [.memory, .file]
    static let available: [ObjectStoreKind] = MotoServer.isAvailable ? allCases : standIns

    /// A fresh store with buckets `Buckets.files` (unversioned) and `Buckets.backups` (versioned).
    /// On moto, whose buckets every test of the run shares, they have names of the test's own, and
    /// requests go unchecked, since moto checks no signature of a key with `+`, `=` or non-ASCII right
    /// (`MotoServer.unchecked`; the S3 client's signatures are checked in `S3ObjectStoreTests`). The
    /// client sends them over `SocketHTTPTransport`, as the functions do to a plain-HTTP endpoint:
    /// URLSession (libcurl) removes `.` and `..` segments from a path, so a key such as `../escape`
    /// would reach another key or bucket.
    func withStore(
        maximumObjectSize: Int = maximumS3ObjectSize,
        _ body: (any ObjectStore) async throws -> Void
    ) async throws {
        let scratch = ScratchDirectory("testex-s3")
        defer { scratch.remove() }
        let store: any ObjectStore
        var suffix = ""
        switch self {
        case .memory: store = MemoryObjectStore(maximumObjectSize: maximumObjectSize, clock: referenceClock)
        case .file:
            store = FileObjectStore(root: scratch.url, maximumObjectSize: maximumObjectSize, clock: referenceClock)
        case .s3:
            let configuration = try await MotoServer.configuration(.unchecked)
            store = S3ObjectStore(
                configuration: configuration,
                transport: SocketHTTPTransport(),
                maximumObjectSize: maximumObjectSize
            )
            suffix = String(MotoServer.uniqueName("").dropFirst())
        }
        try await Buckets.$suffix.withValue(suffix) {
            try await store.createBucket(Buckets.files, versioned: false)
            try await store.createBucket(Buckets.backups, versioned: true)
            try await body(store)
        }
    }
}

/// The conformance suite's buckets: `files` and `backups`, with a suffix of the test's own on moto.
enum Buckets {
    @TaskLocal static var suffix = ""

    static var files: String { suffix.isEmpty ? "files" : "files-" + suffix }
    static var backups: String { suffix.isEmpty ? "backups" : "backups-" + suffix }
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
