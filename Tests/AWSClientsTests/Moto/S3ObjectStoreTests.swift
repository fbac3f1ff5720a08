import AWSClients
import Foundation
import Shared
import TestSupport
import Testing

/// `S3ObjectStore` against moto: objects, metadata, versions, copies and listings over HTTP,
/// signed requests checked except where keys hold characters moto cannot check.
@Suite("S3 client against moto", .enabled(if: MotoServer.isAvailable, "python3 with moto[server] is not installed"))
struct S3ObjectStoreTests {
    /// A new bucket; `server` is `.unchecked` for keys moto cannot check signatures of.
    func withBucket(
        versioned: Bool = false,
        on server: MotoServer = .shared,
        _ body: (S3ObjectStore, String) async throws -> Void
    ) async throws {
        let store = S3ObjectStore(configuration: try await MotoServer.configuration(server))
        let bucket = MotoServer.uniqueName("bucket")
        try await store.createBucket(bucket, versioned: versioned)
        try await body(store, bucket)
    }

    @Test func bucketsAreCreatedOnceWithTheirVersioning() async throws {
        try await withBucket(versioned: true) { store, bucket in
            try await store.createBucket(bucket, versioned: true)
            let listed = try #require(try await store.listBuckets().first { $0.name == bucket })
            #expect(listed.versioned)
            await #expect(throws: ObjectStoreError.self) { try await store.createBucket(bucket, versioned: false) }
            await #expect(throws: ObjectStoreError.invalidBucketName("Not_Valid")) {
                try await store.createBucket("Not_Valid")
            }
        }
    }

    @Test func objectsRoundTripWithTypeMetadataAndETag() async throws {
        try await withBucket(on: .unchecked) { store, bucket in
            let key = "contracts/CT001ABC/signed contract+1 é.pdf"
            let data = Data("%PDF-1.4 bytes".utf8)
            let put = try await store.putObject(
                bucket: bucket,
                key: key,
                data: data,
                contentType: "application/pdf",
                metadata: ["Contract-Id": "CT001ABC", "original-name": "Vertrag Müller.pdf"]
            )
            #expect(put.etag == ObjectStoreRules.etag(of: data))
            #expect(put.versionId == nil)
            let object = try #require(try await store.getObject(bucket: bucket, key: key))
            #expect(object.data == data)
            #expect(object.contentType == "application/pdf")
            #expect(object.metadata == ["contract-id": "CT001ABC", "original-name": "Vertrag Müller.pdf"])
            #expect(object.etag == put.etag)
            let head = try #require(try await store.headObject(bucket: bucket, key: key))
            #expect(head.size == data.count && head.metadata == object.metadata)
            #expect(try await store.getObject(bucket: bucket, key: "absent") == nil)
            #expect(try await store.headObject(bucket: bucket, key: "absent") == nil)
        }
    }

    @Test func aMissingBucketIsNoSuchBucketAndBadInputIsRefusedBeforeSending() async throws {
        let store = S3ObjectStore(configuration: try await MotoServer.configuration())
        let bucket = MotoServer.uniqueName("absent")
        await #expect(throws: ObjectStoreError.noSuchBucket(bucket)) {
            try await store.getObject(bucket: bucket, key: "k")
        }
        await #expect(throws: ObjectStoreError.noSuchBucket(bucket)) {
            try await store.headObject(bucket: bucket, key: "k")
        }
        await #expect(throws: ObjectStoreError.noSuchBucket(bucket)) {
            try await store.putObject(bucket: bucket, key: "k", data: Data())
        }
        await #expect(throws: ObjectStoreError.self) {
            try await store.putObject(bucket: bucket, key: "a\0b", data: Data())
        }
        await #expect(throws: ObjectStoreError.self) {
            try await store.putObject(bucket: bucket, key: "k", data: Data(), metadata: ["x": "a\r\nb"])
        }
    }

    @Test func aVersionedBucketKeepsVersionsAndDeleteMarkers() async throws {
        try await withBucket(versioned: true) { store, bucket in
            let first = try await store.putObject(bucket: bucket, key: "contract.json", data: Data("v1".utf8))
            let second = try await store.putObject(bucket: bucket, key: "contract.json", data: Data("v2".utf8))
            #expect(first.versionId != nil && first.versionId != second.versionId)
            let deleted = try await store.deleteObject(bucket: bucket, key: "contract.json")
            #expect(deleted.deleteMarker)
            #expect(try await store.getObject(bucket: bucket, key: "contract.json") == nil)
            #expect(try await store.headObject(bucket: bucket, key: "contract.json") == nil)
            #expect(
                try await store.getObject(bucket: bucket, key: "contract.json", versionId: first.versionId)?.data
                    == Data("v1".utf8)
            )
            let versions = try await store.listObjectVersions(bucket: bucket)
            #expect(versions.count == 3)
            #expect(versions.first?.isDeleteMarker == true && versions.first?.isLatest == true)
            #expect(
                Set(versions.filter { !$0.isDeleteMarker }.map(\.versionId))
                    == Set([first.versionId, second.versionId].compactMap { $0 })
            )
        }
    }

    @Test func copiesKeepTypeAndMetadataAndAMissingSourceIsNoSuchKey() async throws {
        try await withBucket { store, bucket in
            try await store.putObject(
                bucket: bucket,
                key: "from/a b.txt",
                data: Data("text".utf8),
                contentType: "text/plain",
                metadata: ["k": "v"]
            )
            let copy = try await store.copyObject(
                fromBucket: bucket,
                fromKey: "from/a b.txt",
                toBucket: bucket,
                toKey: "to/a b.txt"
            )
            #expect(copy.etag == ObjectStoreRules.etag(of: Data("text".utf8)))
            let copied = try #require(try await store.getObject(bucket: bucket, key: "to/a b.txt"))
            #expect(
                copied.contentType == "text/plain" && copied.metadata == ["k": "v"] && copied.data == Data("text".utf8)
            )
            await #expect(throws: ObjectStoreError.noSuchKey(bucket: bucket, key: "from/absent")) {
                try await store.copyObject(fromBucket: bucket, fromKey: "from/absent", toBucket: bucket, toKey: "to/x")
            }
            let deleted = try await store.deleteObject(bucket: bucket, key: "from/a b.txt")
            #expect(!deleted.deleteMarker && deleted.versionId == nil)
        }
    }

    @Test func listingsGroupByDelimiterAndPageThroughContinuationTokens() async throws {
        try await withBucket(on: .unchecked) { store, bucket in
            for key in ["a/1", "a/2", "b/x y", "b/z+", "c", "d"] {
                try await store.putObject(bucket: bucket, key: key, data: Data(key.utf8))
            }
            let top = try await store.listObjectsV2(bucket: bucket, delimiter: "/")
            #expect(top.commonPrefixes == ["a/", "b/"])
            #expect(top.contents.map(\.key) == ["c", "d"])
            let underB = try await store.listObjectsV2(bucket: bucket, prefix: "b/")
            #expect(underB.contents.map(\.key) == ["b/x y", "b/z+"])
            #expect(underB.contents.first?.size == 5)
            var keys: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let page = try await store.listObjectsV2(bucket: bucket, maxKeys: 2, continuationToken: token)
                keys += page.contents.map(\.key)
                token = page.nextContinuationToken
                pages += 1
            } while token != nil && pages < 10
            #expect(keys == ["a/1", "a/2", "b/x y", "b/z+", "c", "d"])
            #expect(pages == 3)
            #expect(
                try await store.listObjectsV2(bucket: bucket, startAfter: "b/z+").contents.map(\.key) == ["c", "d"]
            )
        }
    }
}
