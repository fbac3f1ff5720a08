import Foundation
import Shared

/// `/api/contracts/{id}/files...`: contract documents through FileHandler.
enum FileRoutes {
    static let all: [Route] = [
        Route("GET", "/api/contracts/{id}/files") { call in
            try Authorization.require(call.caller, [.admin, .client], to: "list documents")
            let id = try call.contractId()
            _ = try await call.visibleContract(id)
            return try .json(try await call.files(.list, contractId: id, page: try call.request.pageRequest(), as: Page<FileRecord>.self))
        },
        Route("POST", "/api/contracts/{id}/files") { call in
            try Authorization.require(call.caller, [.admin, .client], to: "upload documents")
            let id = try call.contractId()
            _ = try await call.visibleContract(id)
            let upload = try UploadBody(call.request)
            let request = FileRequest(action: .upload, caller: call.caller, contractId: id, filename: upload.filename,
                                      contentType: upload.contentType, contentBase64: upload.contentBase64)
            return try .json(try await call.functions.invoke(.fileHandler, request, as: FileRecord.self, parent: call.context), status: 201)
        },
        Route("POST", "/api/contracts/{id}/files/upload-url") { call in
            try Authorization.require(call.caller, [.admin, .client], to: "upload documents")
            let id = try call.contractId()
            _ = try await call.visibleContract(id)
            let fields = try Fields(try call.request.jsonObject(), allowed: ["filename", "content_type", "expires_in"])
            let request = FileRequest(action: .presignUpload, caller: call.caller, contractId: id, filename: try fields.requiredString("filename"),
                                      contentType: try fields.requiredString("content_type"), expiresIn: try fields.integer("expires_in"))
            return try .json(try await call.functions.invoke(.fileHandler, request, as: FileLink.self, parent: call.context))
        },
        Route("GET", "/api/contracts/{id}/files/{file_id}") { call in
            try Authorization.require(call.caller, [.admin, .client], to: "download documents")
            let id = try call.contractId()
            _ = try await call.visibleContract(id)
            if try call.request.flag("presign") {
                let request = FileRequest(action: .presignDownload, caller: call.caller, contractId: id, fileId: try call.fileId(),
                                          expiresIn: try call.request.integer("expires_in"))
                return try .json(try await call.functions.invoke(.fileHandler, request, as: FileLink.self, parent: call.context))
            }
            return try .json(try await call.files(.download, contractId: id, fileId: try call.fileId(), as: FileDownload.self))
        },
        Route("DELETE", "/api/contracts/{id}/files/{file_id}") { call in
            try Authorization.require(call.caller, [.admin], to: "delete documents")
            let id = try call.contractId()
            return try .json(try await call.files(.delete, contractId: id, fileId: try call.fileId(), as: FileRecord.self))
        },
    ]
}

/// An upload: a JSON body `{filename, content_type, content_base64}`, or the raw document as
/// the body (base64 when API Gateway marks it so) with `?filename=` or `X-Filename` and `Content-Type`.
struct UploadBody {
    let filename: String?
    let contentType: String?
    let contentBase64: String?

    init(_ request: Request) throws {
        let type = request.header("Content-Type") ?? "application/json"
        if type.lowercased().hasPrefix("application/json") {
            let fields = try Fields(try request.jsonObject(maximumBytes: Request.maximumBodyBytes), allowed: ["filename", "content_type", "content_base64"])
            filename = try fields.string("filename")
            contentType = try fields.string("content_type")
            contentBase64 = try fields.string("content_base64")
        } else {
            guard let body = request.rawBody, !body.isEmpty else { throw DomainError.invalid("the upload body is empty") }
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

    func files<T: Decodable>(_ action: FileAction, contractId: String, fileId: String? = nil, page: PageRequest? = nil, as type: T.Type) async throws -> T {
        let request = FileRequest(action: action, caller: caller, contractId: contractId, fileId: fileId, page: page)
        return try await functions.invoke(.fileHandler, request, as: type, parent: context)
    }
}
