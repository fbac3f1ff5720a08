import Foundation
import LocalAWS
import Shared
import Testing

@Suite("ObjectStore conformance")
struct ObjectStoreConformanceTests {
    @Test(arguments: ObjectStoreKind.allCases)
    func putThenGetReturnsBytesContentTypeMetadataAndQuotedMD5ETag(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            let put = try await store.putObject(
                bucket: "files",
                key: "contracts/CT001ABC/contract.pdf",
                data: Data("hello".utf8),
                contentType: "application/pdf",
                metadata: ["Contract-Id": "CT001ABC"]
            )
            #expect(put.etag == "\"5d41402abc4b2a76b9719d911017c592\"")
            #expect(put.versionId == nil)
            let object = try #require(
                try await store.getObject(bucket: "files", key: "contracts/CT001ABC/contract.pdf")
            )
            #expect(object.data == Data("hello".utf8))
            #expect(object.contentType == "application/pdf")
            #expect(object.metadata == ["contract-id": "CT001ABC"])
            #expect(object.etag == put.etag)
            #expect(object.size == 5)
            #expect(object.lastModified == ISO8601Timestamp.truncatedToMilliseconds(referenceDate))
            #expect(object.versionId == nil)
            let head = try await store.headObject(bucket: "files", key: "contracts/CT001ABC/contract.pdf")
            #expect(head == object.head)
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func absentKeyAnswersNilAndItsDeleteIsNotAnError(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await store.getObject(bucket: "files", key: "missing") == nil)
            #expect(try await store.headObject(bucket: "files", key: "missing") == nil)
            let deleted = try await store.deleteObject(bucket: "files", key: "missing")
            #expect(deleted == DeleteObjectResult(versionId: nil, deleteMarker: false))
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func missingBucketThrowsNoSuchBucket(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            await #expect(throws: ObjectStoreError.noSuchBucket("nope")) {
                try await store.putObject(bucket: "nope", key: "k", data: Data())
            }
            await #expect(throws: ObjectStoreError.noSuchBucket("nope")) {
                _ = try await store.getObject(bucket: "nope", key: "k")
            }
            await #expect(throws: ObjectStoreError.noSuchBucket("nope")) {
                try await store.deleteObject(bucket: "nope", key: "k")
            }
            await #expect(throws: ObjectStoreError.noSuchBucket("nope")) {
                _ = try await store.listObjectsV2(bucket: "nope")
            }
            await #expect(throws: ObjectStoreError.noSuchBucket("nope")) {
                _ = try await store.listObjectVersions(bucket: "nope")
            }
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func createBucketIsIdempotentButKeepsItsVersioning(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.createBucket("files", versioned: false)
            #expect(try await store.listBuckets().map(\.name) == ["backups", "files"])
            #expect(try await store.listBuckets().map(\.versioned) == [true, false])
            await #expect(throws: ObjectStoreError.self) { try await store.createBucket("files", versioned: true) }
        }
    }

    @Test(arguments: [
        "ab", "UPPER", "-leading", "trailing-", "a..b", "has_underscore", "has/slash", "..", "192.168.0.1",
        String(repeating: "a", count: 64),
    ])
    func invalidBucketNamesAreRejected(name: String) async throws {
        for kind in ObjectStoreKind.allCases {
            try await kind.withStore { store in
                await #expect(throws: ObjectStoreError.invalidBucketName(name)) { try await store.createBucket(name) }
            }
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func putOverwritesInAnUnversionedBucket(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.putObject(bucket: "files", key: "k", data: Data("one".utf8), contentType: "text/plain")
            let second = try await store.putObject(bucket: "files", key: "k", data: Data("two!".utf8))
            let object = try #require(try await store.getObject(bucket: "files", key: "k"))
            #expect(object.data == Data("two!".utf8))
            #expect(object.etag == second.etag)
            #expect(object.contentType == ObjectStoreRules.defaultContentType)
            #expect(try await store.listObjectsV2(bucket: "files").contents.map(\.size) == [4])
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func deleteRemovesTheObject(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.putObject(bucket: "files", key: "a/b/c.txt", data: Data("x".utf8))
            try await store.deleteObject(bucket: "files", key: "a/b/c.txt")
            #expect(try await store.getObject(bucket: "files", key: "a/b/c.txt") == nil)
            #expect(try await store.listObjectsV2(bucket: "files").keyCount == 0)
        }
    }

    static let literalKeys = [
        "a/../b", "../escape", "../../../../etc/passwd", "/absolute/path", "a//b", "./x", ".", "..", ".hidden", "a/",
        "/", "//", "%2F..%2F", "100%", "with space+plus&amp=eq?q#frag", "ünïcödé/ключ/日本語.pdf", "tab\there",
        "line\nbreak\r", "\u{7F}del", "a/.tmp-123", "a/.lock", ".bucket.json", "x.object", "x.object.json",
        "x.versions/y",
        "x.object/y", "x.object.json/y", "emoji/🧾.txt", "back\\slash", "a/.",
    ]

    @Test(arguments: ObjectStoreKind.allCases)
    func pathLikeAndUnusualKeysAreStoredLiterallyAndStayDistinct(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            for (index, key) in Self.literalKeys.enumerated() {
                try await store.putObject(bucket: "files", key: key, data: Data("\(index)".utf8))
            }
            try await store.putObject(bucket: "files", key: "b", data: Data("plain b".utf8))
            for (index, key) in Self.literalKeys.enumerated() {
                let object = try await store.getObject(bucket: "files", key: key)
                #expect(object?.data == Data("\(index)".utf8), "key \(key.debugDescription)")
                #expect(object?.key == key)
            }
            #expect(try await store.getObject(bucket: "files", key: "b")?.data == Data("plain b".utf8))
            let listed = try await store.listObjectsV2(bucket: "files").contents.map(\.key)
            let expected = (Self.literalKeys + ["b"]).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(listed.map { Array($0.utf8) } == expected.map { Array($0.utf8) })
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func keyAndKeysBelowItCoexist(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            for key in ["a", "a/", "a/b", "a/b/c"] {
                try await store.putObject(bucket: "files", key: key, data: Data(key.utf8))
            }
            for key in ["a", "a/", "a/b", "a/b/c"] {
                #expect(try await store.getObject(bucket: "files", key: key)?.data == Data(key.utf8))
            }
            try await store.deleteObject(bucket: "files", key: "a/b")
            #expect(try await store.listObjectsV2(bucket: "files").contents.map(\.key) == ["a", "a/", "a/b/c"])
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func canonicallyEquivalentKeysAreDistinctKeys(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            let composed = "caf\u{E9}.txt"
            let decomposed = "cafe\u{301}.txt"
            try await store.putObject(bucket: "files", key: composed, data: Data("composed".utf8))
            try await store.putObject(bucket: "files", key: decomposed, data: Data("decomposed".utf8))
            #expect(try await store.getObject(bucket: "files", key: composed)?.data == Data("composed".utf8))
            #expect(try await store.getObject(bucket: "files", key: decomposed)?.data == Data("decomposed".utf8))
            #expect(try await store.listObjectsV2(bucket: "files").keyCount == 2)
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func invalidKeysAreRejectedAndNothingIsWritten(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            let tooLong = String(repeating: "é", count: 513)
            await #expect(throws: ObjectStoreError.invalidKey(key: "", reason: .empty)) {
                try await store.putObject(bucket: "files", key: "", data: Data())
            }
            await #expect(throws: ObjectStoreError.invalidKey(key: tooLong, reason: .tooLong(bytes: 1026))) {
                try await store.putObject(bucket: "files", key: tooLong, data: Data())
            }
            await #expect(throws: ObjectStoreError.invalidKey(key: "a\0b", reason: .containsNUL)) {
                try await store.putObject(bucket: "files", key: "a\0b", data: Data())
            }
            #expect(try await store.listObjectsV2(bucket: "files").keyCount == 0)
            let longest = String(repeating: "é", count: 511) + "/x"
            try await store.putObject(bucket: "files", key: longest, data: Data("ok".utf8))
            #expect(try await store.getObject(bucket: "files", key: longest)?.data == Data("ok".utf8))
        }
    }

    @Test func keysFromBytesMustBeUTF8() throws {
        #expect(throws: ObjectStoreError.self) { try ObjectStoreRules.key(fromUTF8: [0x61, 0xFF, 0x62]) }
        #expect(throws: ObjectStoreError.self) { try ObjectStoreRules.key(fromUTF8: [0xC3]) }
        #expect(try ObjectStoreRules.key(fromUTF8: Array("ok/ü".utf8)) == "ok/ü")
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func oversizedObjectsAndMetadataAreRejected(kind: ObjectStoreKind) async throws {
        try await kind.withStore(maximumObjectSize: 10) { store in
            await #expect(throws: ObjectStoreError.entityTooLarge(bytes: 11, maximum: 10)) {
                try await store.putObject(bucket: "files", key: "big", data: Data(count: 11))
            }
            await #expect(throws: ObjectStoreError.metadataTooLarge(bytes: 2049)) {
                try await store.putObject(
                    bucket: "files",
                    key: "m",
                    data: Data(),
                    metadata: ["k": String(repeating: "v", count: 2048)]
                )
            }
            await #expect(throws: ObjectStoreError.self) {
                try await store.putObject(bucket: "files", key: "m", data: Data(), metadata: ["bad name": "v"])
            }
            await #expect(throws: ObjectStoreError.self) {
                try await store.putObject(
                    bucket: "files",
                    key: "m",
                    data: Data(),
                    metadata: ["k": "v\r\nX-Injected: 1"]
                )
            }
            await #expect(throws: ObjectStoreError.self) {
                try await store.putObject(bucket: "files", key: "m", data: Data(), contentType: "text/plain\r\nX: y")
            }
            #expect(try await store.listObjectsV2(bucket: "files").keyCount == 0)
            try await store.putObject(bucket: "files", key: "fits", data: Data(count: 10))
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func copyCopiesBytesAndAttributesAcrossBuckets(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.putObject(
                bucket: "files",
                key: "src",
                data: Data("doc".utf8),
                contentType: "text/plain",
                metadata: ["a": "1"]
            )
            let copied = try await store.copyObject(
                fromBucket: "files",
                fromKey: "src",
                toBucket: "backups",
                toKey: "dst/copy"
            )
            let object = try #require(try await store.getObject(bucket: "backups", key: "dst/copy"))
            #expect(object.data == Data("doc".utf8))
            #expect(object.contentType == "text/plain")
            #expect(object.metadata == ["a": "1"])
            #expect(object.versionId == copied.versionId)
            #expect(copied.versionId != nil)
        }
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func copyOfAbsentSourceOrOntoItselfIsRefused(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            await #expect(throws: ObjectStoreError.noSuchKey(bucket: "files", key: "absent")) {
                try await store.copyObject(fromBucket: "files", fromKey: "absent", toBucket: "files", toKey: "x")
            }
            try await store.putObject(bucket: "files", key: "same", data: Data("1".utf8))
            await #expect(throws: ObjectStoreError.self) {
                try await store.copyObject(fromBucket: "files", fromKey: "same", toBucket: "files", toKey: "same")
            }
            await #expect(throws: ObjectStoreError.noSuchBucket("missing")) {
                try await store.copyObject(fromBucket: "files", fromKey: "same", toBucket: "missing", toKey: "x")
            }
        }
    }
}
