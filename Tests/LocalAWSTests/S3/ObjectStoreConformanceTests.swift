import Foundation
import LocalAWS
import Shared
import Testing
import WireFormat

@Suite("ObjectStore conformance")
struct ObjectStoreConformanceTests {
    @Test(arguments: ObjectStoreKind.available)
    func putThenGetReturnsBytesContentTypeMetadataAndQuotedMD5ETag(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            let put = try await store.putObject(
                bucket: Buckets.files,
                key: "contracts/CT001ABC/contract.pdf",
                data: Data("hello".utf8),
                contentType: "application/pdf",
                metadata: ["Contract-Id": "CT001ABC"]
            )
            #expect(put.etag == "\"5d41402abc4b2a76b9719d911017c592\"")
            #expect(put.versionId == nil)
            let object = try #require(
                try await store.getObject(bucket: Buckets.files, key: "contracts/CT001ABC/contract.pdf")
            )
            #expect(object.data == Data("hello".utf8))
            #expect(object.contentType == "application/pdf")
            #expect(object.metadata == ["contract-id": "CT001ABC"])
            #expect(object.etag == put.etag)
            #expect(object.size == 5)
            if kind == .s3 {
                // S3 dates an object by its own clock, to the second.
                #expect(abs(object.lastModified.timeIntervalSinceNow) < 60, "\(object.lastModified)")
            } else {
                #expect(object.lastModified == ISO8601Timestamp.truncatedToMilliseconds(referenceDate))
            }
            #expect(object.versionId == nil)
            let head = try await store.headObject(bucket: Buckets.files, key: "contracts/CT001ABC/contract.pdf")
            #expect(head == object.head)
        }
    }

    @Test(arguments: ObjectStoreKind.available)
    func absentKeyAnswersNilAndItsDeleteIsNotAnError(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await store.getObject(bucket: Buckets.files, key: "missing") == nil)
            #expect(try await store.headObject(bucket: Buckets.files, key: "missing") == nil)
            let deleted = try await store.deleteObject(bucket: Buckets.files, key: "missing")
            #expect(deleted == DeleteObjectResult(versionId: nil, deleteMarker: false))
        }
    }

    @Test(arguments: ObjectStoreKind.available)
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

    @Test(arguments: ObjectStoreKind.available)
    func createBucketIsIdempotentButKeepsItsVersioning(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.createBucket(Buckets.files, versioned: false)
            // moto lists the buckets of every test of the run: this test's own are its two.
            let own = { (buckets: [BucketInfo]) in
                kind == .s3 ? buckets.filter { [Buckets.backups, Buckets.files].contains($0.name) } : buckets
            }
            #expect(own(try await store.listBuckets()).map(\.name) == [Buckets.backups, Buckets.files])
            #expect(own(try await store.listBuckets()).map(\.versioned) == [true, false])
            await #expect(throws: ObjectStoreError.self) {
                try await store.createBucket(Buckets.files, versioned: true)
            }
        }
    }

    @Test(arguments: [
        "ab", "UPPER", "-leading", "trailing-", "a..b", "has_underscore", "has/slash", "..", "192.168.0.1",
        String(repeating: "a", count: 64),
    ])
    func invalidBucketNamesAreRejected(name: String) async throws {
        for kind in ObjectStoreKind.available {
            try await kind.withStore { store in
                await #expect(throws: ObjectStoreError.invalidBucketName(name)) { try await store.createBucket(name) }
            }
        }
    }

    @Test(arguments: ObjectStoreKind.available)
    func putOverwritesInAnUnversionedBucket(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.putObject(
                bucket: Buckets.files,
                key: "k",
                data: Data("one".utf8),
                contentType: "text/plain"
            )
            let second = try await store.putObject(bucket: Buckets.files, key: "k", data: Data("two!".utf8))
            let object = try #require(try await store.getObject(bucket: Buckets.files, key: "k"))
            #expect(object.data == Data("two!".utf8))
            #expect(object.etag == second.etag)
            #expect(object.contentType == ObjectStoreRules.defaultContentType)
            #expect(try await store.listObjectsV2(bucket: Buckets.files).contents.map(\.size) == [4])
        }
    }

    @Test(arguments: ObjectStoreKind.available)
    func deleteRemovesTheObject(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.putObject(bucket: Buckets.files, key: "a/b/c.txt", data: Data("x".utf8))
            try await store.deleteObject(bucket: Buckets.files, key: "a/b/c.txt")
            #expect(try await store.getObject(bucket: Buckets.files, key: "a/b/c.txt") == nil)
            #expect(try await store.listObjectsV2(bucket: Buckets.files).keyCount == 0)
        }
    }

    static let literalKeys = [
        "a/../b", "../escape", "../../../../etc/passwd", "/absolute/path", "a//b", "./x", ".", "..", ".hidden", "a/",
        "/", "//", "%2F..%2F", "100%", "with space+plus&amp=eq?q#frag", "ünïcödé/ключ/日本語.pdf", "tab\there",
        "line\nbreak\r", "\u{7F}del", "a/.tmp-123", "a/.lock", ".bucket.json", "x.object", "x.object.json",
        "x.versions/y",
        "x.object/y", "x.object.json/y", "emoji/🧾.txt", "back\\slash", "a/.",
    ]

    @Test(arguments: ObjectStoreKind.available)
    func pathLikeAndUnusualKeysAreStoredLiterallyAndStayDistinct(kind: ObjectStoreKind) async throws {
        // S3 takes any UTF-8 key; moto 5 answers a PUT of a key with CR or LF 404 or 500 (boto3's
        // requests too), so that key is checked on the stand-ins only.
        let literalKeys = Self.literalKeys.filter { kind != .s3 || !$0.contains(where: \.isNewline) }
        try await kind.withStore { store in
            for (index, key) in literalKeys.enumerated() {
                try await store.putObject(bucket: Buckets.files, key: key, data: Data("\(index)".utf8))
            }
            try await store.putObject(bucket: Buckets.files, key: "b", data: Data("plain b".utf8))
            for (index, key) in literalKeys.enumerated() {
                let object = try await store.getObject(bucket: Buckets.files, key: key)
                #expect(object?.data == Data("\(index)".utf8), "key \(key.debugDescription)")
                #expect(object?.key == key)
            }
            #expect(try await store.getObject(bucket: Buckets.files, key: "b")?.data == Data("plain b".utf8))
            let listed = try await store.listObjectsV2(bucket: Buckets.files).contents.map(\.key)
            let expected = (literalKeys + ["b"]).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(listed.map { Array($0.utf8) } == expected.map { Array($0.utf8) })
        }
    }

    @Test(arguments: ObjectStoreKind.available)
    func keyAndKeysBelowItCoexist(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            for key in ["a", "a/", "a/b", "a/b/c"] {
                try await store.putObject(bucket: Buckets.files, key: key, data: Data(key.utf8))
            }
            for key in ["a", "a/", "a/b", "a/b/c"] {
                #expect(try await store.getObject(bucket: Buckets.files, key: key)?.data == Data(key.utf8))
            }
            try await store.deleteObject(bucket: Buckets.files, key: "a/b")
            #expect(try await store.listObjectsV2(bucket: Buckets.files).contents.map(\.key) == ["a", "a/", "a/b/c"])
        }
    }

    @Test(arguments: ObjectStoreKind.available)
    func canonicallyEquivalentKeysAreDistinctKeys(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            let composed = "caf\u{E9}.txt"
            let decomposed = "cafe\u{301}.txt"
            try await store.putObject(bucket: Buckets.files, key: composed, data: Data("composed".utf8))
            try await store.putObject(bucket: Buckets.files, key: decomposed, data: Data("decomposed".utf8))
            #expect(try await store.getObject(bucket: Buckets.files, key: composed)?.data == Data("composed".utf8))
            #expect(try await store.getObject(bucket: Buckets.files, key: decomposed)?.data == Data("decomposed".utf8))
            #expect(try await store.listObjectsV2(bucket: Buckets.files).keyCount == 2)
        }
    }

    @Test(arguments: ObjectStoreKind.available)
    func invalidKeysAreRejectedAndNothingIsWritten(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            let tooLong = String(repeating: "é", count: 513)
            await #expect(throws: ObjectStoreError.invalidKey(key: "", reason: .empty)) {
                try await store.putObject(bucket: Buckets.files, key: "", data: Data())
            }
            await #expect(throws: ObjectStoreError.invalidKey(key: tooLong, reason: .tooLong(bytes: 1026))) {
                try await store.putObject(bucket: Buckets.files, key: tooLong, data: Data())
            }
            await #expect(throws: ObjectStoreError.invalidKey(key: "a\0b", reason: .containsNUL)) {
                try await store.putObject(bucket: Buckets.files, key: "a\0b", data: Data())
            }
            #expect(try await store.listObjectsV2(bucket: Buckets.files).keyCount == 0)
            let longest = String(repeating: "é", count: 511) + "/x"
            try await store.putObject(bucket: Buckets.files, key: longest, data: Data("ok".utf8))
            #expect(try await store.getObject(bucket: Buckets.files, key: longest)?.data == Data("ok".utf8))
        }
    }

    @Test func keysFromBytesMustBeUTF8() throws {
        #expect(throws: ObjectStoreError.self) { try ObjectStoreRules.key(fromUTF8: [0x61, 0xFF, 0x62]) }
        #expect(throws: ObjectStoreError.self) { try ObjectStoreRules.key(fromUTF8: [0xC3]) }
        #expect(try ObjectStoreRules.key(fromUTF8: Array("ok/ü".utf8)) == "ok/ü")
    }

    @Test(arguments: ObjectStoreKind.available)
    func oversizedObjectsAndMetadataAreRejected(kind: ObjectStoreKind) async throws {
        try await kind.withStore(maximumObjectSize: 10) { store in
            await #expect(throws: ObjectStoreError.entityTooLarge(bytes: 11, maximum: 10)) {
                try await store.putObject(bucket: Buckets.files, key: "big", data: Data(count: 11))
            }
            await #expect(throws: ObjectStoreError.metadataTooLarge(bytes: 2049)) {
                try await store.putObject(
                    bucket: Buckets.files,
                    key: "m",
                    data: Data(),
                    metadata: ["k": String(repeating: "v", count: 2048)]
                )
            }
            await #expect(throws: ObjectStoreError.self) {
                try await store.putObject(bucket: Buckets.files, key: "m", data: Data(), metadata: ["bad name": "v"])
            }
            await #expect(throws: ObjectStoreError.self) {
                try await store.putObject(
                    bucket: Buckets.files,
                    key: "m",
                    data: Data(),
                    metadata: ["k": "v\r\nX-Injected: 1"]
                )
            }
            await #expect(throws: ObjectStoreError.self) {
                try await store.putObject(
                    bucket: Buckets.files,
                    key: "m",
                    data: Data(),
                    contentType: "text/plain\r\nX: y"
                )
            }
            #expect(try await store.listObjectsV2(bucket: Buckets.files).keyCount == 0)
            try await store.putObject(bucket: Buckets.files, key: "fits", data: Data(count: 10))
        }
    }

    @Test(arguments: ObjectStoreKind.available)
    func copyCopiesBytesAndAttributesAcrossBuckets(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            try await store.putObject(
                bucket: Buckets.files,
                key: "src",
                data: Data("doc".utf8),
                contentType: "text/plain",
                metadata: ["a": "1"]
            )
            let copied = try await store.copyObject(
                fromBucket: Buckets.files,
                fromKey: "src",
                toBucket: Buckets.backups,
                toKey: "dst/copy"
            )
            let object = try #require(try await store.getObject(bucket: Buckets.backups, key: "dst/copy"))
            #expect(object.data == Data("doc".utf8))
            #expect(object.contentType == "text/plain")
            #expect(object.metadata == ["a": "1"])
            #expect(object.versionId == copied.versionId)
            #expect(copied.versionId != nil)
        }
    }

    @Test(arguments: ObjectStoreKind.available)
    func copyOfAbsentSourceOrOntoItselfIsRefused(kind: ObjectStoreKind) async throws {
        try await kind.withStore { store in
            await #expect(throws: ObjectStoreError.noSuchKey(bucket: Buckets.files, key: "absent")) {
                try await store.copyObject(
                    fromBucket: Buckets.files,
                    fromKey: "absent",
                    toBucket: Buckets.files,
                    toKey: "x"
                )
            }
            try await store.putObject(bucket: Buckets.files, key: "same", data: Data("1".utf8))
            await #expect(throws: ObjectStoreError.self) {
                try await store.copyObject(
                    fromBucket: Buckets.files,
                    fromKey: "same",
                    toBucket: Buckets.files,
                    toKey: "same"
                )
            }
            await #expect(throws: ObjectStoreError.noSuchBucket("missing")) {
                try await store.copyObject(fromBucket: Buckets.files, fromKey: "same", toBucket: "missing", toKey: "x")
            }
        }
    }
}
