import Foundation
import LocalAWS
import Shared

/// What a presigned link grants, checked as S3 checks it: for `s3 get-url` and `s3 put-url`, and
/// for `serve`, which serves the links at its address. One place for the checks; each caller
/// answers a refusal in its own way (an exit code and a line, or S3's XML error).
struct PresignedLinkAccess {
    let system: LocalSystem

    enum Refusal: Error {
        /// Not a link of the S3 stand-in at all.
        case malformed(String)
        /// Signed, but altered, made for another object or method, expired or not yet valid.
        case denied(PresignedURLError)
        case noObject(bucket: String, key: String)
        /// Signed, but not a link that uploads a contract document.
        case notAnUploadLink
        case tooLarge(bytes: Int)
        /// FileHandler refused the upload.
        case refused(DomainError)
    }

    /// The object a GET link grants, with its bytes.
    func download(_ link: String) async throws -> (object: PresignedObject, data: Data, contentType: String) {
        let object = try verify(link, method: "GET")
        guard let stored = try await system.objects.getObject(bucket: object.bucket, key: object.key) else {
            throw Refusal.noObject(bucket: object.bucket, key: object.key)
        }
        return (object, stored.data, stored.contentType)
    }

    /// The link carries the file id, content type and uploader signed in; the upload goes
    /// through FileHandler, which stores the bytes and records the document's metadata, so the
    /// document shows in the contract's file list. A link serves one upload: its file id is then taken.
    func upload(_ link: String, data: Data) async throws -> Uploaded {
        guard data.count <= LambdaLimits.maximumPayloadBytes else { throw Refusal.tooLarge(bytes: data.count) }
        let object = try verify(link, method: "PUT")
        switch object.metadata["upload-kind"] {
        case "campaign-csv": return .campaignCSV(try await uploadCSV(object, data: data))
        case "template-bundle": return .templateBundle(try await uploadBundle(object, data: data))
        default: break
        }
        guard object.bucket == Buckets(system.configuration).files, let document = DocumentKey(parsing: object.key),
            object.metadata["file-id"] == document.fileId, let contentType = object.metadata["content-type"],
            let subject = object.metadata["uploaded-by"],
            let role = object.metadata["uploader-role"].flatMap(Role.init(rawValue:))
        else {
            throw Refusal.notAnUploadLink
        }
        let caller = Caller(subject: subject, role: role, clientId: object.metadata["uploader-client-id"])
        let request = FileRequest(
            action: .upload,
            caller: caller,
            contractId: document.contractId,
            fileId: document.fileId,
            filename: document.filename,
            contentType: contentType,
            contentBase64: data.base64EncodedString()
        )
        do {
            return .document(try await system.lambda.invoke(.fileHandler, request, as: FileRecord.self, parent: nil))
        } catch let error as DomainError {
            throw Refusal.refused(error)
        }
    }

    /// A campaign CSV, written once to the key signed into the link (S3's `If-None-Match: *`).
    private func uploadCSV(_ object: PresignedObject, data: Data) async throws -> CampaignUpload {
        guard object.key.hasPrefix("campaign-uploads/UP"), object.key.hasSuffix(".csv") else {
            throw Refusal.notAnUploadLink
        }
        guard data.count <= CampaignLimits.maximumBytes else { throw Refusal.tooLarge(bytes: data.count) }
        let put = try await createOnce(object, data: data, contentType: "text/csv")
        return CampaignUpload(csvKey: object.key, bytes: data.count, etag: put.etag)
    }

    /// A template bundle, written once as a campaign CSV is; `PUT /api/templates/{name}` with its
    /// `bundle_key` checks it and saves it as a version.
    private func uploadBundle(_ object: PresignedObject, data: Data) async throws -> TemplateBundleUpload {
        guard TemplateBundleLink.isKey(object.key) else { throw Refusal.notAnUploadLink }
        guard data.count <= TemplateBundleLink.maximumBytes else { throw Refusal.tooLarge(bytes: data.count) }
        let put = try await createOnce(object, data: data, contentType: "application/json")
        return TemplateBundleUpload(bundleKey: object.key, bytes: data.count, etag: put.etag)
    }

    private func createOnce(_ object: PresignedObject, data: Data, contentType: String) async throws -> PutObjectResult
    {
        guard object.bucket == Buckets(system.configuration).files else { throw Refusal.notAnUploadLink }
        do {
            return try await system.objects.createObject(
                bucket: object.bucket,
                key: object.key,
                data: data,
                contentType: contentType,
                metadata: ["uploaded-by": object.metadata["uploaded-by"] ?? "-"]
            )
        } catch ObjectStoreError.preconditionFailed {
            throw Refusal.refused(.conflict("this upload link was already used: \(object.key) exists"))
        }
    }

    /// What an upload link stored: a contract document, a campaign CSV or a template bundle.
    enum Uploaded: Encodable {
        case document(FileRecord)
        case campaignCSV(CampaignUpload)
        case templateBundle(TemplateBundleUpload)

        var etag: String {
            switch self {
            case .document(let record): record.etag
            case .campaignCSV(let upload): upload.etag
            case .templateBundle(let upload): upload.etag
            }
        }

        func encode(to encoder: Encoder) throws {
            switch self {
            case .document(let record): try record.encode(to: encoder)
            case .campaignCSV(let upload): try upload.encode(to: encoder)
            case .templateBundle(let upload): try upload.encode(to: encoder)
            }
        }
    }

    private func verify(_ link: String, method: String) throws -> PresignedObject {
        do {
            return try system.presigner.verify(link, method: method, now: system.clock.now())
        } catch PresignedURLError.malformed(let message) {
            throw Refusal.malformed("not a presigned link of the S3 stand-in: \(message)")
        } catch let error as PresignedURLError {
            throw Refusal.denied(error)
        }
    }
}
