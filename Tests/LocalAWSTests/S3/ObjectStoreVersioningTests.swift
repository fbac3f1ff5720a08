import Foundation
import LocalAWS
import Shared
import Testing

@Suite("ObjectStore versioning")
struct ObjectStoreVersioningTests {
    @Test(arguments: ObjectStoreKind.standIns)
    func everyPutToAVersionedBucketKeepsANewVersion(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            let first = try await store.putObject(
                bucket: "backups",
                key: "contracts/CT001ABC.json",
                data: Data("v1".utf8)
            )
            let second = try await store.putObject(
                bucket: "backups",
                key: "contracts/CT001ABC.json",
                data: Data("v2".utf8)
            )
            let firstId = try #require(first.versionId)
            let secondId = try #require(second.versionId)
            #expect(firstId != secondId)
            #expect(
                try await store.getObject(bucket: "backups", key: "contracts/CT001ABC.json")?.data == Data("v2".utf8)
            )
            #expect(
                try await store.getObject(bucket: "backups", key: "contracts/CT001ABC.json", versionId: firstId)?.data
                    == Data("v1".utf8)
            )
            let versions = try await store.listObjectVersions(bucket: "backups", prefix: "contracts/")
            #expect(versions.map(\.versionId) == [secondId, firstId])
            #expect(versions.map(\.isLatest) == [true, false])
            #expect(try await store.listObjectsV2(bucket: "backups").contents.map(\.key) == ["contracts/CT001ABC.json"])
        }
    }

    @Test(arguments: ObjectStoreKind.standIns)
    func deleteInAVersionedBucketAddsAMarkerAndKeepsOlderVersions(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            let put = try await store.putObject(bucket: "backups", key: "k", data: Data("kept".utf8))
            let deleted = try await store.deleteObject(bucket: "backups", key: "k")
            #expect(deleted.deleteMarker)
            #expect(try await store.getObject(bucket: "backups", key: "k") == nil)
            #expect(try await store.headObject(bucket: "backups", key: "k") == nil)
            #expect(try await store.listObjectsV2(bucket: "backups").keyCount == 0)
            #expect(
                try await store.getObject(bucket: "backups", key: "k", versionId: put.versionId)?.data
                    == Data("kept".utf8)
            )
            #expect(try await store.getObject(bucket: "backups", key: "k", versionId: deleted.versionId) == nil)
            let versions = try await store.listObjectVersions(bucket: "backups")
            #expect(versions.map(\.isDeleteMarker) == [true, false])

            try await store.copyObject(
                fromBucket: "backups",
                fromKey: "k",
                sourceVersionId: put.versionId,
                toBucket: "backups",
                toKey: "k"
            )
            #expect(try await store.getObject(bucket: "backups", key: "k")?.data == Data("kept".utf8))
        }
    }

    @Test(arguments: ObjectStoreKind.standIns)
    func unknownOrMalformedVersionIdsAnswerNil(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.putObject(bucket: "backups", key: "k", data: Data("x".utf8))
            for id in ["0000000009-aaaaaaaaaaaa", "../../k", "", "null"] {
                #expect(try await store.getObject(bucket: "backups", key: "k", versionId: id) == nil)
            }
        }
    }

    @Test(arguments: ObjectStoreKind.standIns)
    func unversionedObjectsListWithTheNullVersion(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.putObject(bucket: "files", key: "b", data: Data("b".utf8))
            try await store.putObject(bucket: "files", key: "a", data: Data("a".utf8))
            let versions = try await store.listObjectVersions(bucket: "files")
            #expect(versions.map(\.key) == ["a", "b"])
            #expect(versions.allSatisfy { $0.versionId == "null" && $0.isLatest && !$0.isDeleteMarker })
            #expect(try await store.getObject(bucket: "files", key: "a", versionId: "null")?.data == Data("a".utf8))
        }
    }
}
