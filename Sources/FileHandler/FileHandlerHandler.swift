import Foundation
import HandlerRuntime
import Shared

/// Contract documents in S3: upload, list, download, delete in the files bucket; archive to the
/// archives bucket; back up a contract's JSON to the versioned backups bucket; record uploads
/// through presigned links from S3's notifications; back up and archive what the contracts
/// stream says a change asks for. Metadata lives in the files table, through DatabaseManager.
public struct FileHandlerHandler: LambdaHandler {
    let services: Services

    public init(services: Services) {
        self.services = services
    }

    public func handle(_ event: FileHandlerEvent, context: LambdaContext) async throws -> AnyEncodable {
        do {
            switch event {
            case .request(let request): return try await perform(request, context: context)
            case .objectsCreated(let event):
                return AnyEncodable(try await LinkUploads(services: services, context: context).record(event))
            case .contractChanges(let event):
                return AnyEncodable(try await ContractClosing(services: services, context: context).handle(event))
            }
        } catch let error as ObjectStoreError {
            throw error.domainError
        }
    }

    private func perform(_ request: FileRequest, context: LambdaContext) async throws -> AnyEncodable {
        try Validate.contractId(request.contractId)
        let action = request.action.rawValue.replacingOccurrences(of: "_", with: " ")
        try request.caller.require(request.action.allowedRoles, to: "\(action) documents")
        let documents = Documents(services: services, context: context, caller: request.caller)
        context.logger.info("file action", ["action": request.action.rawValue, "contract_id": request.contractId])
        switch request.action {
        case .upload:
            return AnyEncodable(try await documents.upload(request))
        case .list:
            return AnyEncodable(
                try await documents.list(contractId: request.contractId, page: request.page ?? PageRequest())
            )
        case .download:
            return AnyEncodable(
                try await documents.download(contractId: request.contractId, fileId: try request.requiredFileId())
            )
        case .delete:
            return AnyEncodable(
                try await documents.delete(contractId: request.contractId, fileId: try request.requiredFileId())
            )
        case .archiveContract:
            return AnyEncodable(try await documents.archive(contractId: request.contractId))
        case .backupContract:
            return AnyEncodable(try await documents.backup(try request.requiredContract(), reason: request.reason))
        case .presignDownload:
            return AnyEncodable(
                try await documents.presignDownload(
                    contractId: request.contractId,
                    fileId: try request.requiredFileId(),
                    expiresIn: request.expiresIn
                )
            )
        case .presignUpload:
            return AnyEncodable(try await documents.presignUpload(request))
        }
    }
}

extension FileAction {
    /// Who may ask for the action: the API's roles for documents; archives and backups are the
    /// functions' own work (the contracts stream, the file-lifecycle rule).
    var allowedRoles: Set<Role> {
        switch self {
        case .upload, .list, .download, .presignDownload, .presignUpload: [.admin, .client]
        case .delete: [.admin]
        case .archiveContract, .backupContract: [.service]
        }
    }
}

extension FileRequest {
    /// The contract a backup writes, which must be the request's.
    func requiredContract() throws -> Contract {
        guard let contract, contract.contractId == contractId else {
            throw DomainError.malformed("\(action.rawValue) needs the contract whose contract_id is \(contractId)")
        }
        return contract
    }

    func requiredFileId() throws -> String {
        guard let fileId, Validate.isId(fileId, prefix: "FL", length: 12) else {
            throw DomainError.malformed("file_id must be FL followed by 10 upper-case letters or digits")
        }
        return fileId
    }
}
