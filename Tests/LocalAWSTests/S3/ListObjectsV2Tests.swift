import Foundation
import LocalAWS
import Shared
import Testing

@Suite("ListObjectsV2")
struct ListObjectsV2Tests {
    static let keys = [
        "photos/2006/January/sample.jpg", "photos/2006/February/sample2.jpg", "photos/2006/February/sample3.jpg",
        "photos/2006/February/sample4.jpg", "photos/2006/", "photos/readme.txt", "photos", "photosynthesis.txt",
        "a", "A", "a/b", "a0", "b", "Z", "~", "é", "e\u{301}", "z", "日本", " space", "!bang", "a+b", "a%b",
    ]

    private func withKeys(_ kind: ObjectStoreKind, _ body: (any ObjectStore) async throws -> Void) async throws {
        try await kind.withStore { store in
            for key in Self.keys.shuffled() {
                try await store.putObject(bucket: "files", key: key, data: Data(key.utf8))
            }
            try await body(store)
        }
    }

    private static func bytes(_ keys: [String]) -> [[UInt8]] { keys.map { Array($0.utf8) } }

    @Test(arguments: ObjectStoreKind.standIns)
    func keysComeInUTF8ByteOrder(kind: ObjectStoreKind) async throws {
        try await withKeys(kind) { store throws in
            let page = try await store.listObjectsV2(bucket: "files")
            let expected = Self.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(Self.bytes(page.contents.map(\.key)) == Self.bytes(expected))
            #expect(page.contents.first?.key == " space")
            #expect(page.contents.last?.key == "日本")
            #expect(page.keyCount == Self.keys.count)
            #expect(!page.isTruncated)
            #expect(page.nextContinuationToken == nil)
        }
    }

    @Test(arguments: ObjectStoreKind.standIns)
    func prefixFiltersByBytes(kind: ObjectStoreKind) async throws {
        try await withKeys(kind) { store throws in
            #expect(
                try await store.listObjectsV2(bucket: "files", prefix: "photos/2006/F").contents.map(\.key) == [
                    "photos/2006/February/sample2.jpg", "photos/2006/February/sample3.jpg",
                    "photos/2006/February/sample4.jpg",
                ]
            )
            #expect(try await store.listObjectsV2(bucket: "files", prefix: "e").contents.map(\.key) == ["e\u{301}"])
            #expect(try await store.listObjectsV2(bucket: "files", prefix: "nothing").keyCount == 0)
        }
    }

    @Test(arguments: ObjectStoreKind.standIns)
    func delimiterRollsKeysUpIntoCommonPrefixes(kind: ObjectStoreKind) async throws {
        try await withKeys(kind) { store throws in
            let top = try await store.listObjectsV2(bucket: "files", prefix: "photos/", delimiter: "/")
            #expect(top.contents.map(\.key) == ["photos/readme.txt"])
            #expect(top.commonPrefixes == ["photos/2006/"])
            let year = try await store.listObjectsV2(bucket: "files", prefix: "photos/2006/", delimiter: "/")
            #expect(year.contents.map(\.key) == ["photos/2006/"])
            #expect(year.commonPrefixes == ["photos/2006/February/", "photos/2006/January/"])
            #expect(year.keyCount == 3)
            let root = try await store.listObjectsV2(bucket: "files", delimiter: "/")
            #expect(root.commonPrefixes == ["a/", "photos/"])
            let multi = try await store.listObjectsV2(bucket: "files", prefix: "photos/2006/", delimiter: "ruary/")
            #expect(multi.commonPrefixes == ["photos/2006/February/"])
        }
    }

    @Test(arguments: ObjectStoreKind.standIns)
    func commonPrefixesCountTowardMaxKeys(kind: ObjectStoreKind) async throws {
        try await withKeys(kind) { store throws in
            let page = try await store.listObjectsV2(
                bucket: "files",
                prefix: "photos/2006/",
                delimiter: "/",
                maxKeys: 2
            )
            #expect(page.contents.map(\.key) == ["photos/2006/"])
            #expect(page.commonPrefixes == ["photos/2006/February/"])
            #expect(page.isTruncated)
            let next = try await store.listObjectsV2(
                bucket: "files",
                prefix: "photos/2006/",
                delimiter: "/",
                maxKeys: 2,
                continuationToken: page.nextContinuationToken
            )
            #expect(next.contents.isEmpty)
            #expect(next.commonPrefixes == ["photos/2006/January/"])
            #expect(!next.isTruncated)
            #expect(next.nextContinuationToken == nil)
        }
    }

    @Test(arguments: ObjectStoreKind.standIns, [nil, "/", "a", "06/"])
    func pagesConcatenateToTheWholeListingForEveryPageSize(kind: ObjectStoreKind, delimiter: String?) async throws {
        try await withKeys(kind) { store throws in
            let whole = try await store.listObjectsV2(bucket: "files", delimiter: delimiter)
            for maxKeys in 1...(whole.keyCount + 1) {
                let pages = try await listAllPages(
                    store,
                    ListObjectsV2Request(bucket: "files", delimiter: delimiter, maxKeys: maxKeys)
                )
                #expect(pages.flatMap(\.contents) == whole.contents, "maxKeys \(maxKeys)")
                #expect(pages.flatMap(\.commonPrefixes) == whole.commonPrefixes, "maxKeys \(maxKeys)")
                #expect(pages.allSatisfy { $0.keyCount <= maxKeys })
                #expect(pages.dropLast().allSatisfy { $0.isTruncated && $0.keyCount == maxKeys })
                #expect(pages.last?.isTruncated == false)
            }
        }
    }

    @Test(arguments: ObjectStoreKind.standIns)
    func startAfterSkipsKeysUpToAndIncludingIt(kind: ObjectStoreKind) async throws {
        try await withKeys(kind) { store throws in
            let page = try await store.listObjectsV2(
                bucket: "files",
                prefix: "photos/2006/",
                startAfter: "photos/2006/February/sample3.jpg"
            )
            #expect(page.contents.map(\.key) == ["photos/2006/February/sample4.jpg", "photos/2006/January/sample.jpg"])
            let rolled = try await store.listObjectsV2(
                bucket: "files",
                prefix: "photos/2006/",
                delimiter: "/",
                startAfter: "photos/2006/February/sample3.jpg"
            )
            #expect(rolled.commonPrefixes == ["photos/2006/February/", "photos/2006/January/"])
        }
    }

    @Test(arguments: ObjectStoreKind.standIns)
    func continuationTokenTakesPrecedenceOverStartAfter(kind: ObjectStoreKind) async throws {
        try await withKeys(kind) { store throws in
            let first = try await store.listObjectsV2(bucket: "files", maxKeys: 3)
            let second = try await store.listObjectsV2(
                bucket: "files",
                maxKeys: 1,
                continuationToken: first.nextContinuationToken,
                startAfter: "z"
            )
            let whole = try await store.listObjectsV2(bucket: "files")
            #expect(second.contents == [whole.contents[3]])
        }
    }

    @Test(arguments: ObjectStoreKind.standIns)
    func badParametersAreInvalidArguments(kind: ObjectStoreKind) async throws {
        try await withKeys(kind) { store throws in
            await #expect(throws: ObjectStoreError.self) {
                _ = try await store.listObjectsV2(bucket: "files", continuationToken: "%%%")
            }
            await #expect(throws: ObjectStoreError.self) {
                _ = try await store.listObjectsV2(bucket: "files", maxKeys: -1)
            }
            let empty = try await store.listObjectsV2(bucket: "files", maxKeys: 0)
            #expect(empty.keyCount == 0 && !empty.isTruncated)
            let capped = try await store.listObjectsV2(bucket: "files", maxKeys: 5000)
            #expect(capped.keyCount == Self.keys.count)
        }
    }

    @Test func maxKeysAboveOneThousandIsTreatedAsOneThousand() async throws {
        let store = MemoryObjectStore()
        try await store.createBucket("many")
        for index in 0..<1001 {
            try await store.putObject(bucket: "many", key: String(format: "k%04d", index), data: Data())
        }
        let page = try await store.listObjectsV2(bucket: "many", maxKeys: 5000)
        #expect(page.keyCount == 1000)
        #expect(page.isTruncated)
        let rest = try await store.listObjectsV2(bucket: "many", continuationToken: page.nextContinuationToken)
        #expect(rest.contents.map(\.key) == ["k1000"])
    }
}
