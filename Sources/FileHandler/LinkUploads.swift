import AWSEvents
import Foundation
import HandlerRuntime
import Shared

/// Documents uploaded through presigned PUT links, recorded from S3's notifications: the link
/// carried the file id, content type and uploader as signed `x-amz-meta-*` values, which S3
/// stored with the object, so the record says exactly what the link allowed. S3 notifies at
/// least once, and of every object created, so an object that is not a link's upload, or whose
/// document is already recorded, is skipped; one the link did not allow (too large, another
/// type, a contract closed since) is deleted and reported.
struct LinkUploads: Sendable {
    let services: Services
    let context: LambdaContext

    func record(_ event: S3Event) async throws -> LinkUploadResult {
        var result = LinkUploadResult()
        for record in event.records {
            let key = record.s3.object.decodedKey
            do {
                if let file = try await recordOne(record, key: key) { result.recorded.append(file) }
            } catch let refusal as Refusal {
                result.skipped.append(.init(bucket: record.s3.bucket.name, key: key, reason: refusal.reason))
            }
        }
        return result
    }

    private struct Refusal: Error {
        let reason: String
    }

    private func recordOne(_ record: S3Event.Record, key: String) async throws -> FileRecord? {
        let files = Buckets(services.configuration).files
        guard record.eventName.hasPrefix("ObjectCreated:"), record.s3.bucket.name == files else {
            throw Refusal(reason: "not an object created in \(files)")
        }
        guard let document = DocumentKey(parsing: key) else { throw Refusal(reason: "not a contract document's key") }
        guard let head = try await services.objects.headObject(bucket: files, key: key) else {
            throw Refusal(reason: "the object is gone")
        }
        guard head.metadata["file-id"] == document.fileId, let type = head.metadata["content-type"],
            let subject = head.metadata["uploaded-by"],
            let role = head.metadata["uploader-role"].flatMap(Role.init(rawValue:))
        else {
            throw Refusal(reason: "not uploaded through an upload link")
        }
        let caller = Caller(subject: subject, role: role, clientId: head.metadata["uploader-client-id"])
        let documents = Documents(services: services, context: context, caller: caller)
        guard try await documents.database.file(document.fileId) == nil else {
            throw Refusal(reason: "already recorded")
        }
        do {
            guard let file = try await documents.recordUpload(document, head: head, contentType: type) else {
                throw Refusal(reason: "already recorded")
            }
            return file
        } catch let error as DomainError where [404, 409, 413, 422].contains(error.status) {
            // The link allowed this document only; a store that failed (5xx) is retried instead.
            try await services.objects.deleteObject(bucket: files, key: key)
            context.logger.warning("link upload refused and deleted", ["key": key, "reason": error.message])
            throw Refusal(reason: "refused and deleted: \(error.message)")
        }
    }
}

/// What FileHandler answers to S3's notifications.
public struct LinkUploadResult: Codable, Sendable {
    public var recorded: [FileRecord] = []
    public var skipped: [Skipped] = []

    public struct Skipped: Codable, Sendable, Hashable {
        public let bucket: String
        public let key: String
        public let reason: String
    }
}
