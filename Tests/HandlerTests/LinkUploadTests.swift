import AWSEvents
import FileHandler
import Foundation
import Shared
import Testing

/// Uploads through presigned links on AWS reach S3 directly; S3's notification then has
/// FileHandler record the document from the object's signed metadata.
@Suite("Link uploads recorded from S3's notifications")
struct LinkUploadTests {
    /// What S3 holds after a link's PUT: the bytes, the client's Content-Type, the link's metadata.
    func store(
        _ test: TestSystem,
        contract: String = "CT001ABC",
        fileId: String = "FLLINK000001",
        filename: String = "minutes.txt",
        data: Data = Data("agreed".utf8),
        contentType: String = "text/plain",
        metadata: [String: String]? = nil
    ) async throws -> String {
        let key = DocumentKey(contractId: contract, fileId: fileId, filename: filename).key
        let signed =
            metadata ?? [
                "file-id": fileId, "content-type": "text/plain", "uploaded-by": "t-admin", "uploader-role": "admin",
            ]
        try await test.system.objects.putObject(
            bucket: Buckets(test.system.configuration).files,
            key: key,
            data: data,
            contentType: contentType,
            metadata: signed
        )
        return key
    }

    func notify(_ test: TestSystem, key: String, size: Int = 6) async throws -> LinkUploadResult {
        let event = S3Event.objectCreated(
            bucket: Buckets(test.system.configuration).files,
            key: key,
            size: size,
            etag: "\"e\"",
            region: test.system.configuration.region,
            at: TestSystem.now
        )
        return try await test.invoke(.fileHandler, event, as: LinkUploadResult.self)
    }

    @Test func aLinksUploadIsRecordedOnceWithItsAuditEntry() async throws {
        let test = try await TestSystem()
        let key = try await store(test, filename: "meeting minutes+1.txt")
        let first = try await notify(test, key: key)
        let record = try #require(first.recorded.first)
        #expect(record.fileId == "FLLINK000001" && record.filename == "meeting minutes+1.txt" && record.size == 6)
        #expect(record.uploadedBy == "t-admin" && record.clientId == "CL001XYZ")
        #expect(try await test.auditActions("CT001ABC").filter { $0 == "UPLOAD_FILE" }.count == 1)
        let again = try await notify(test, key: key)
        #expect(
            again.recorded.isEmpty && again.skipped.map(\.reason) == ["already recorded"],
            "S3 notifies at least once"
        )
        #expect(try await test.auditActions("CT001ABC").filter { $0 == "UPLOAD_FILE" }.count == 1)
    }

    @Test func objectsThatNoLinkUploadedAreLeftAlone() async throws {
        let test = try await TestSystem()
        let plain = try await store(
            test,
            fileId: "FLLINK000002",
            metadata: ["contract-id": "CT001ABC", "file-id": "FLLINK000002"]
        )
        #expect(try await notify(test, key: plain).skipped.map(\.reason) == ["not uploaded through an upload link"])
        #expect(
            try await notify(test, key: "templates/x.html").skipped.map(\.reason) == ["not a contract document's key"]
        )
        #expect(
            try await test.system.objects.headObject(bucket: Buckets(test.system.configuration).files, key: plain)
                != nil
        )
    }

    @Test func anUploadTheLinkDidNotAllowIsDeleted() async throws {
        let test = try await TestSystem()
        let files = Buckets(test.system.configuration).files
        let wrongType = try await store(test, fileId: "FLLINK000003", contentType: "text/html")
        let large = try await store(test, fileId: "FLLINK000004", data: Data(count: DocumentLimits.maximumBytes + 1))
        _ = try await test.act(.terminateContract, "CT003GHI", ["reason": "OTHER"])
        let closed = try await store(test, contract: "CT003GHI", fileId: "FLLINK000005")
        for (key, reason) in [
            (wrongType, "is not the link's text/plain"), (large, "larger than 4 MB"),
            (closed, "documents can no longer be added"),
        ] {
            let result = try await notify(test, key: key)
            #expect(result.recorded.isEmpty)
            #expect(result.skipped.first?.reason.contains(reason) == true, "\(result.skipped)")
            #expect(try await test.system.objects.headObject(bucket: files, key: key) == nil, "deleted: \(key)")
        }
    }
}
