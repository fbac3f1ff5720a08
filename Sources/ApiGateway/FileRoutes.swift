import Foundation
import Shared
import WireFormat

/// `/api/contracts/{id}/files...`: contract documents through FileHandler.
enum FileRoutes {
    static let all: [Route] = [
        RouteDeclaration("GET", "/api/contracts/{id}/files", "listDocuments", "The contract's documents")
            .roles([.admin, .client], to: "list documents")
            .parameters(.contractId, .limit, .nextToken)
            .example(["id": "CT002DEF"])
            .answers(Page<FileRecord>.self) { call in
                let id = try call.contractId()
                _ = try await call.visibleContract(id)
                return try await call.files(
                    .list,
                    contractId: id,
                    page: try call.request.pageRequest(),
                    as: Page<FileRecord>.self
                )
            },
        RouteDeclaration(
            "POST",
            "/api/contracts/{id}/files",
            "uploadDocument",
            "Upload a document: JSON with content_base64, or the document itself as the body"
        )
        .roles([.admin, .client], to: "upload documents")
        .parameters(.contractId, .filename, .xFilename).body(RequestBodies.uploadDocument, raw: true).conflicting()
        .example(
            ["id": "CT001ABC"],
            body: [
                "filename": "amendment.txt", "content_type": "text/plain",
                "content_base64": "QW1lbmRtZW50IDE6IHN1cHBvcnQgaG91cnMgZXh0ZW5kZWQuCg==",
            ]
        )
        .answers(201, FileRecord.self) { call in
            let id = try call.contractId()
            _ = try await call.visibleContract(id)
            let upload = try UploadBody(call)
            let request = FileRequest(
                action: .upload,
                caller: call.caller,
                contractId: id,
                filename: upload.filename,
                contentType: upload.contentType,
                contentBase64: upload.contentBase64
            )
            return try await call.functions.invoke(.fileHandler, request, as: FileRecord.self, parent: call.context)
        },
        RouteDeclaration(
            "POST",
            "/api/contracts/{id}/files/upload-url",
            "createUploadLink",
            "A presigned PUT link that uploads one document"
        )
        .roles([.admin, .client], to: "upload documents")
        .parameters(.contractId).body(RequestBodies.uploadLink).conflicting()
        .example(
            ["id": "CT001ABC"],
            body: ["filename": "signed.pdf", "content_type": "application/pdf", "expires_in": 600]
        )
        .answers(FileLink.self) { call in
            let id = try call.contractId()
            _ = try await call.visibleContract(id)
            let fields = try call.fields()
            let request = FileRequest(
                action: .presignUpload,
                caller: call.caller,
                contractId: id,
                filename: try fields.requiredString("filename"),
                contentType: try fields.requiredString("content_type"),
                expiresIn: try fields.integer("expires_in")
            )
            return try await call.functions.invoke(.fileHandler, request, as: FileLink.self, parent: call.context)
        },
        RouteDeclaration(
            "GET",
            "/api/contracts/{id}/files/{file_id}",
            "downloadDocument",
            "A document's bytes (base64), or with presign=true a presigned download link"
        )
        .roles([.admin, .client], to: "download documents")
        .parameters(.contractId, .fileId, .presign, .expiresIn)
        .example(["id": "CT002DEF", "file_id": "FLSAMPLE0001"])
        .answers(DocumentAnswer.self) { call in
            let id = try call.contractId()
            _ = try await call.visibleContract(id)
            if try call.request.flag("presign") {
                let request = FileRequest(
                    action: .presignDownload,
                    caller: call.caller,
                    contractId: id,
                    fileId: try call.fileId(),
                    expiresIn: try call.request.integer("expires_in")
                )
                return .link(
                    try await call.functions.invoke(.fileHandler, request, as: FileLink.self, parent: call.context)
                )
            }
            return .document(
                try await call.files(.download, contractId: id, fileId: try call.fileId(), as: FileDownload.self)
            )
        },
        RouteDeclaration("DELETE", "/api/contracts/{id}/files/{file_id}", "deleteDocument", "Delete a document")
            .roles([.admin], to: "delete documents")
            .parameters(.contractId, .fileId).conflicting()
            .example(["id": "CT002DEF", "file_id": "FLSAMPLE0001"])
            .answers(FileRecord.self) { call in
                try await call.files(
                    .delete,
                    contractId: try call.contractId(),
                    fileId: try call.fileId(),
                    as: FileRecord.self
                )
            },
    ]
}

/// A download answers the document, or with `presign=true` a link to it.
enum DocumentAnswer: Codable, Sendable, SchemaDescribed {
    case document(FileDownload)
    case link(FileLink)

    init(from decoder: Decoder) throws {
        if let link = try? FileLink(from: decoder) {
            self = .link(link)
        } else {
            self = .document(try FileDownload(from: decoder))
        }
    }

    func encode(to encoder: Encoder) throws {
        switch self {
        case .document(let download): try download.encode(to: encoder)
        case .link(let link): try link.encode(to: encoder)
        }
    }

    static func schema(in schemas: inout ModelSchemas) -> JSONValue {
        ["oneOf": [schemas.reference(FileDownload.self), schemas.reference(FileLink.self)]]
    }
}

/// An upload: a JSON body `{filename, content_type, content_base64}`, or the raw document as
/// the body (base64 when API Gateway marks it so) with `?filename=` or `X-Filename` and `Content-Type`.
struct UploadBody {
    let filename: String?
    let contentType: String?
    let contentBase64: String?

    init(_ call: RouteCall) throws {
        let request = call.request
        let type = request.header("Content-Type") ?? "application/json"
        if type.lowercased().hasPrefix("application/json") {
            let fields = try call.fields(maximumBytes: Request.maximumBodyBytes)
            filename = try fields.string("filename")
            contentType = try fields.string("content_type")
            contentBase64 = try fields.string("content_base64")
        } else {
            guard let body = request.rawBody, !body.isEmpty else {
                throw DomainError.invalid("the upload body is empty")
            }
            filename = request.query["filename"] ?? request.header("X-Filename")
            contentType = type
            contentBase64 = body.base64EncodedString()
        }
    }
}

extension RouteCall {
    func fileId() throws -> String {
        let id = parameters["file_id"] ?? ""
        guard Validate.isId(id, prefix: "FL", length: 12) else {
            throw DomainError.malformed("'\(id.prefix(40))' is not a file id (FL + 10 upper-case letters or digits)")
        }
        return id
    }

    func files<T: Decodable>(
        _ action: FileAction,
        contractId: String,
        fileId: String? = nil,
        page: PageRequest? = nil,
        as type: T.Type
    ) async throws -> T {
        let request = FileRequest(action: action, caller: caller, contractId: contractId, fileId: fileId, page: page)
        return try await functions.invoke(.fileHandler, request, as: type, parent: context)
    }
}
