import Foundation
import Shared
import Testing
import WireFormat

@testable import LocalAWS

@Suite("FileObjectStore on disk")
struct FileObjectStoreTests {
    private func withStore(_ body: (FileObjectStore, ScratchDirectory) async throws -> Void) async throws {
        let scratch = ScratchDirectory("testex-s3-file")
        defer { scratch.remove() }
        let store = FileObjectStore(root: scratch.url, clock: referenceClock)
        try await store.createBucket("development-testex-files")
        try await store.createBucket("development-testex-backups", versioned: true)
        try await body(store, scratch)
    }

    @Test func objectsAreFilesFoundByTheirKeyWithASidecarRecord() async throws {
        try await withStore { store, scratch in
            try await store.putObject(
                bucket: "development-testex-files",
                key: "contracts/CT001ABC/contract.pdf",
                data: Data("%PDF".utf8),
                contentType: "application/pdf",
                metadata: ["file-id": "F1"]
            )
            try await store.putObject(
                bucket: "development-testex-backups",
                key: "contracts/CT001ABC.json",
                data: Data("{}".utf8)
            )
            let files = scratch.files()
            let data = try #require(
                files.first {
                    $0.hasPrefix("development-testex-files/contracts/CT001ABC/contract.pdf.") && $0.hasSuffix(".object")
                }
            )
            #expect(files.contains("development-testex-files/contracts/CT001ABC/contract.pdf.object.json"))
            #expect(files.contains("development-testex-files/.bucket.json"))
            #expect(try Data(contentsOf: scratch.url.appendingPathComponent(data)) == Data("%PDF".utf8))
            let version = try #require(
                files.first {
                    $0.hasPrefix("development-testex-backups/contracts/CT001ABC.json.versions/0000000001-")
                        && $0.hasSuffix(".object.json")
                }
            )
            #expect(files.contains(String(version.dropLast(".json".count))))

            let record = try JSON.decode(
                JSONValue.self,
                from: Data(
                    contentsOf: scratch.url.appendingPathComponent(
                        "development-testex-files/contracts/CT001ABC/contract.pdf.object.json"
                    )
                )
            )
            guard case .object(let fields) = record else {
                Issue.record("record is not an object")
                return
            }
            #expect(fields["key"] == "contracts/CT001ABC/contract.pdf")
            #expect(fields["etag"] == .string(ObjectStoreRules.etag(of: Data("%PDF".utf8))))
            #expect(fields["content_type"] == "application/pdf")
            #expect(fields["metadata"] == .object(["file-id": "F1"]))
            #expect(fields["last_modified"] == .string(ISO8601Timestamp.string(from: referenceDate)))
            #expect(fields["size"] == 4)
        }
    }

    @Test func noKeyReachesOutsideItsBucketDirectory() async throws {
        try await withStore { store, scratch in
            for key in ObjectStoreConformanceTests.literalKeys {
                try await store.putObject(bucket: "development-testex-files", key: key, data: Data("x".utf8))
                try await store.putObject(bucket: "development-testex-backups", key: key, data: Data("x".utf8))
            }
            let files = scratch.files()
            #expect(
                files.allSatisfy {
                    $0.hasPrefix("development-testex-files/") || $0.hasPrefix("development-testex-backups/")
                }
            )
            let outside = scratch.url.deletingLastPathComponent()
            #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("escape").path))
            #expect(
                files.filter { $0.hasPrefix("development-testex-files/") && $0.hasSuffix(".object.json") }.count
                    == ObjectStoreConformanceTests.literalKeys.count
            )
        }
    }

    @Test func uncommittedDataAndTemporaryFilesAreInvisibleAndCleanedByTheNextPut() async throws {
        try await withStore { store, scratch in
            let directory = scratch.url.appendingPathComponent("development-testex-files/docs")
            try DurableFile.write(
                Data("orphan".utf8),
                to: directory.appendingPathComponent("report.txt.0badc0de.object")
            )
            try DurableFile.write(Data("partial".utf8), to: directory.appendingPathComponent(".tmp-99-1234"))
            #expect(try await store.getObject(bucket: "development-testex-files", key: "docs/report.txt") == nil)
            #expect(try await store.listObjectsV2(bucket: "development-testex-files").keyCount == 0)

            try await store.putObject(
                bucket: "development-testex-files",
                key: "docs/report.txt",
                data: Data("real".utf8)
            )
            #expect(
                try await store.getObject(bucket: "development-testex-files", key: "docs/report.txt")?.data
                    == Data("real".utf8)
            )
            let dataFiles = scratch.files().filter {
                $0.hasPrefix("development-testex-files/docs/report.txt.") && $0.hasSuffix(".object")
            }
            #expect(dataFiles.count == 1)
            #expect(
                try await store.listObjectsV2(bucket: "development-testex-files").contents.map(\.key) == [
                    "docs/report.txt"
                ]
            )
        }
    }

    @Test func overwriteLeavesOneDataFileAndDeleteLeavesNoDirectories() async throws {
        try await withStore { store, scratch in
            for round in 0..<3 {
                try await store.putObject(
                    bucket: "development-testex-files",
                    key: "a/b/c.txt",
                    data: Data("\(round)".utf8)
                )
            }
            #expect(scratch.files().filter { $0.hasPrefix("development-testex-files/a/b/") }.count == 2)
            try await store.deleteObject(bucket: "development-testex-files", key: "a/b/c.txt")
            #expect(
                !FileManager.default.fileExists(
                    atPath: scratch.url.appendingPathComponent("development-testex-files/a").path
                )
            )
            #expect(
                FileManager.default.fileExists(
                    atPath: scratch.url.appendingPathComponent("development-testex-files/.bucket.json").path
                )
            )
        }
    }

    @Test func aSecondStoreOnTheSameRootSeesEverything() async throws {
        try await withStore { store, scratch in
            try await store.putObject(bucket: "development-testex-files", key: "k", data: Data("persisted".utf8))
            let reopened = FileObjectStore(root: scratch.url)
            #expect(
                try await reopened.listBuckets().map(\.name) == [
                    "development-testex-backups", "development-testex-files",
                ]
            )
            #expect(
                try await reopened.listBuckets().first?.creationDate
                    == ISO8601Timestamp.truncatedToMilliseconds(referenceDate)
            )
            #expect(
                try await reopened.getObject(bucket: "development-testex-files", key: "k")?.data
                    == Data("persisted".utf8)
            )
        }
    }

    @Test func concurrentWritersAndReadersSeeOnlyWholeObjects() async throws {
        try await withStore { store, _ in
            let bucket = "development-testex-files"
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for round in 0..<10 {
                            let body = Data(String(repeating: "\(writer)-\(round);", count: 50 + writer).utf8)
                            try await store.putObject(bucket: bucket, key: "shared", data: body)
                            try await store.putObject(bucket: bucket, key: "own/\(writer)/\(round)", data: body)
                        }
                    }
                    group.addTask {
                        for _ in 0..<20 {
                            if let object = try await store.getObject(bucket: bucket, key: "shared") {
                                #expect(ObjectStoreRules.etag(of: object.data) == object.etag)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.listObjectsV2(bucket: bucket, prefix: "own/").keyCount == 80)
            let versions = try await store.listObjectsV2(bucket: "development-testex-backups").keyCount
            #expect(versions == 0)
        }
    }

    @Test func concurrentPutsToAVersionedKeyAllBecomeVersions() async throws {
        try await withStore { store, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<10 {
                    group.addTask {
                        try await store.putObject(
                            bucket: "development-testex-backups",
                            key: "contract.json",
                            data: Data("\(writer)".utf8)
                        )
                    }
                }
                try await group.waitForAll()
            }
            let versions = try await store.listObjectVersions(bucket: "development-testex-backups")
            #expect(versions.count == 10)
            #expect(Set(versions.map(\.versionId)).count == 10)
            #expect(versions.filter(\.isLatest).count == 1)
        }
    }

    @Test(arguments: [
        ("photos/", "photos/2006/", true), ("photos/2006/", "photos/", true), ("docs/", "photos/", false),
        ("Photos/", "photos/", true), ("caf\u{E9}/", "cafe\u{301}", true), ("a/", "b", false), ("", "x", true),
    ])
    func listingSkipsOnlyDirectoriesThatCannotHoldThePrefix(path: String, prefix: String, mayHold: Bool) {
        #expect(FileBucket.mayHoldKeys(under: Array(path.utf8), withPrefix: Array(prefix.utf8)) == mayHold)
    }
}
