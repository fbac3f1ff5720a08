import Cryptography
import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// One request's work on a contract's documents.
struct Documents: Sendable {
    let services: Services
    let context: LambdaContext
    let caller: Caller

    var database: DatabaseClient { DatabaseClient(functions: services.functions, context: context, caller: caller) }
    var objects: any ObjectStore { services.objects }
    var buckets: Buckets { Buckets(services.configuration) }

    func upload(_ request: FileRequest) async throws -> FileRecord {
        guard let filename = request.filename else { throw DomainError.invalid("filename is required") }
        guard let contentType = request.contentType else { throw DomainError.invalid("content_type is required") }
        guard let base64 = request.contentBase64 else { throw DomainError.invalid("content_base64 is required") }
        try Validate.filename(filename)
        let type = try DocumentRules.checkContentType(contentType)
        let data = try DocumentRules.decode(base64)
        let contract = try await openContract(request.contractId)
        let fileId = try await newFileId(request.fileId)
        let key = DocumentKey(contractId: contract.contractId, fileId: fileId, filename: filename).key
        let metadata = ["contract-id": contract.contractId, "file-id": fileId, "uploaded-by": caller.subject]
        let put = try await store(data, key: key, contentType: type, metadata: metadata, once: request.fileId != nil)
        let record = FileRecord(
            fileId: fileId,
            contractId: contract.contractId,
            clientId: contract.clientId,
            filename: filename,
            contentType: type,
            size: data.count,
            etag: put.etag,
            bucket: buckets.files,
            key: key,
            uploadedAt: services.now,
            uploadedBy: caller.subject
        )
        // The object is written first: metadata never points at bytes that are not there.
        try await database.commit(
            FileChange(
                fileId: fileId,
                file: record,
                expectedStatus: nil,
                audit: try audit("UPLOAD_FILE", before: nil, after: record)
            )
        )
        return record
    }

    /// Writes the bytes to the files bucket. A given id (a presigned upload link's) is written
    /// `once`: the first upload takes the key, and any other, however close, is refused by S3's
    /// conditional write.
    private func store(
        _ data: Data,
        key: String,
        contentType: String,
        metadata: [String: String],
        once: Bool
    ) async throws -> PutObjectResult {
        guard once else {
            return try await objects.putObject(
                bucket: buckets.files,
                key: key,
                data: data,
                contentType: contentType,
                metadata: metadata
            )
        }
        return try await objects.createObject(
            bucket: buckets.files,
            key: key,
            data: data,
            contentType: contentType,
            metadata: metadata
        )
    }

    /// Records an object stored through an upload link (`LinkUploads`): the checks of `upload`,
    /// on the bytes S3 holds, with the content type the link was signed for; nil when another
    /// notification of the same object recorded it first.
    func recordUpload(_ document: DocumentKey, head: S3ObjectHead, contentType: String) async throws -> FileRecord? {
        try Validate.filename(document.filename)
        let type = try DocumentRules.checkContentType(contentType)
        guard (try? DocumentRules.checkContentType(head.contentType)) == type else {
            throw DomainError.invalid(
                "the upload's content type \(head.contentType.prefix(80)) is not the link's "
                    + type
            )
        }
        guard head.size > 0 else { throw DomainError.invalid("the document is empty") }
        guard head.size <= DocumentRules.maximumBytes else {
            throw DomainError.tooLarge("the document is larger than \(DocumentRules.maximumBytes / 1024 / 1024) MB")
        }
        let contract = try await openContract(document.contractId)
        let record = FileRecord(
            fileId: document.fileId,
            contractId: contract.contractId,
            clientId: contract.clientId,
            filename: document.filename,
            contentType: type,
            size: head.size,
            etag: head.etag,
            bucket: buckets.files,
            key: document.key,
            uploadedAt: services.now,
            uploadedBy: caller.subject
        )
        do {
            try await database.commit(
                FileChange(
                    fileId: document.fileId,
                    file: record,
                    expectedStatus: nil,
                    audit: try audit("UPLOAD_FILE", before: nil, after: record)
                )
            )
        } catch DomainError.conflict {
            guard try await database.file(document.fileId) == nil else { return nil }
            throw DomainError.internal("file \(document.fileId) was recorded and removed while this upload was")
        }
        return record
    }

    /// A contract's documents; a client sees only documents of its own client.
    func list(contractId: String, page: PageRequest) async throws -> Page<FileRecord> {
        if caller.role == .client { _ = try await ownedContract(contractId) }
        var result = try await database.files(contractId: contractId, page: page)
        result.items = result.items.filter { caller.owns(clientId: $0.clientId) }
        return result
    }

    func download(contractId: String, fileId: String) async throws -> FileDownload {
        let record = try await file(fileId, of: contractId)
        guard let object = try await objects.getObject(bucket: record.bucket, key: record.key) else {
            throw DomainError.internal(
                "the bytes of file \(fileId) are missing from s3://\(record.bucket)/\(record.key)"
            )
        }
        return FileDownload(file: record, contentBase64: object.data.base64EncodedString())
    }

    func delete(contractId: String, fileId: String) async throws -> FileRecord {
        let record = try await file(fileId, of: contractId)
        try await database.commit(
            FileChange(
                fileId: fileId,
                file: nil,
                expectedStatus: record.status,
                audit: try audit("DELETE_FILE", before: record, after: nil)
            )
        )
        try await objects.deleteObject(bucket: record.bucket, key: record.key)
        return record
    }

    /// A GET link to the document, valid for `expiresIn` seconds.
    func presignDownload(contractId: String, fileId: String, expiresIn: Int?) async throws -> FileLink {
        let record = try await file(fileId, of: contractId)
        let link = try presign(
            PresignRequest(
                method: "GET",
                bucket: record.bucket,
                key: record.key,
                date: services.clock.now(),
                expiresIn: try DocumentRules.linkLifetime(expiresIn)
            )
        )
        return FileLink(fileId: record.fileId, bucket: record.bucket, key: record.key, link: link)
    }

    /// A PUT link for a new document: the file id is drawn now and signed into the link with
    /// the content type and the uploader, so the upload is recorded as exactly what was allowed.
    func presignUpload(_ request: FileRequest) async throws -> FileLink {
        guard let filename = request.filename else { throw DomainError.invalid("filename is required") }
        guard let contentType = request.contentType else { throw DomainError.invalid("content_type is required") }
        try Validate.filename(filename)
        let type = try DocumentRules.checkContentType(contentType)
        let lifetime = try DocumentRules.linkLifetime(request.expiresIn)
        let contract = try await openContract(request.contractId)
        let fileId = try await newFileId(nil)
        let key = DocumentKey(contractId: contract.contractId, fileId: fileId, filename: filename).key
        var metadata = [
            "file-id": fileId, "content-type": type, "uploaded-by": caller.subject,
            "uploader-role": caller.role.rawValue,
        ]
        if let clientId = caller.clientId, caller.role == .client { metadata["uploader-client-id"] = clientId }
        // S3 refuses a second upload through the link (If-None-Match), as FileHandler does locally.
        let link = try presign(
            PresignRequest(
                method: "PUT",
                bucket: buckets.files,
                key: key,
                date: services.clock.now(),
                expiresIn: lifetime,
                metadata: metadata,
                headers: ["If-None-Match": "*"]
            )
        )
        return FileLink(
            fileId: fileId,
            bucket: buckets.files,
            key: key,
            link: link,
            headers: ["Content-Type": type, "If-None-Match": "*"]
        )
    }

    private func presign(_ request: PresignRequest) throws -> PresignedURL {
        guard let presigner = services.presigner else {
            throw DomainError.internal("no presigner is configured for links")
        }
        return try presigner.presign(request)
    }

    /// Copy to the archives bucket, record the new place, then delete the original: a crash at
    /// any point leaves the bytes reachable from the metadata, and a rerun finishes the move.
    func archive(contractId: String, active: [FileRecord]? = nil) async throws -> ArchiveResult {
        var archived: [FileRecord] = []
        let files: [FileRecord]
        if let active { files = active } else { files = try await database.allFiles(contractId: contractId) }
        for var record in files where record.status == .active && record.contractId == contractId {
            let source = record
            try await objects.copyObject(
                fromBucket: source.bucket,
                fromKey: source.key,
                toBucket: buckets.archives,
                toKey: source.key
            )
            record.bucket = buckets.archives
            record.status = .archived
            record.archivedAt = services.now
            try await database.commit(
                FileChange(
                    fileId: record.fileId,
                    file: record,
                    expectedStatus: .active,
                    audit: try audit("ARCHIVE_FILE", before: source, after: record)
                )
            )
            try await objects.deleteObject(bucket: source.bucket, key: source.key)
            archived.append(record)
        }
        return ArchiveResult(archived: archived)
    }

    /// The backups bucket is versioned: every backup of a contract is kept under the same key. A
    /// backup of the very bytes the latest version holds (a retried invocation) adds no version.
    func backup(_ contract: Contract, reason: String?) async throws -> BackupResult {
        let key = "contracts/\(contract.contractId)/contract.json"
        let data = try JSON.encodePretty(contract)
        if let latest = try await objects.headObject(bucket: buckets.backups, key: key),
            latest.etag == "\"\(Hex.encode(Digest.md5(data)))\""
        {
            return BackupResult(bucket: buckets.backups, key: key, versionId: latest.versionId, etag: latest.etag)
        }
        var metadata = [
            "contract-id": contract.contractId, "backed-up-at": services.now, "backed-up-by": caller.subject,
        ]
        if let reason { metadata["reason"] = reason }
        let put = try await objects.putObject(
            bucket: buckets.backups,
            key: key,
            data: data,
            contentType: "application/json",
            metadata: metadata
        )
        return BackupResult(bucket: buckets.backups, key: key, versionId: put.versionId, etag: put.etag)
    }

    /// The audit entry of a change to a document's metadata, made by the caller in this request.
    func audit(_ action: String, before: FileRecord?, after: FileRecord?) throws -> AuditLog {
        let file = after ?? before
        return AuditLog(
            logId: services.ids.next("AL", 12),
            contractId: file?.contractId,
            entityType: "file",
            entityId: file?.fileId ?? "-",
            action: action,
            actor: caller.subject,
            actorRole: caller.role.rawValue,
            timestamp: services.now,
            requestId: context.requestID,
            before: try before.map { try JSONValue(encoding: $0) },
            after: try after.map { try JSONValue(encoding: $0) }
        )
    }

    /// A given id (internal callers such as sample data) must be free; otherwise one is drawn.
    private func newFileId(_ given: String?) async throws -> String {
        guard let given else { return services.ids.next("FL", 10) }
        guard Validate.isId(given, prefix: "FL", length: 12) else {
            throw DomainError.invalid("file_id must be FL followed by 10 upper-case letters or digits")
        }
        guard try await database.file(given) == nil else { throw DomainError.conflict("file \(given) already exists") }
        return given
    }

    /// The contract, if the caller may see it: another client's contract is absent to a client.
    private func ownedContract(_ id: String) async throws -> Contract {
        try caller.visible(try await database.contract(id), clientId: \.clientId, record: "contract \(id)")
    }

    /// A contract that may still take documents.
    func openContract(_ id: String) async throws -> Contract {
        let contract = try await ownedContract(id)
        guard contract.status == .active || contract.status == .suspended else {
            throw DomainError.conflict(
                "contract \(contract.contractId) is \(contract.status.rawValue); documents can no longer be added"
            )
        }
        return contract
    }

    /// The document, if it belongs to this contract and the caller may see it; otherwise absent.
    private func file(_ id: String, of contractId: String) async throws -> FileRecord {
        guard let record = try await database.file(id), record.contractId == contractId,
            caller.owns(clientId: record.clientId)
        else {
            throw DomainError.notFound("file \(id) does not exist for contract \(contractId)")
        }
        return record
    }
}
