/// Typed calls to FileHandler through the router.
public struct FileClient: Sendable {
    let functions: any FunctionInvoker
    let context: LambdaContext
    let caller: Caller

    public init(functions: any FunctionInvoker, context: LambdaContext, caller: Caller) {
        self.functions = functions
        self.context = context
        self.caller = caller
    }

    public func backup(_ contract: Contract, reason: String) async throws -> BackupResult {
        try await functions.invoke(.fileHandler, FileRequest(action: .backupContract, caller: caller, contractId: contract.contractId,
                                                             contract: contract, reason: reason), as: BackupResult.self, parent: context)
    }

    /// Queues the backup as an asynchronous invocation.
    public func queueBackup(_ contract: Contract, reason: String) async throws {
        try await functions.invokeAsync(.fileHandler, FileRequest(action: .backupContract, caller: caller, contractId: contract.contractId,
                                                                  contract: contract, reason: reason), parent: context)
    }

    /// Queues the archiving of the contract's documents as an asynchronous invocation.
    public func queueArchive(contractId: String) async throws {
        try await functions.invokeAsync(.fileHandler, FileRequest(action: .archiveContract, caller: caller, contractId: contractId), parent: context)
    }

    public func archive(contractId: String) async throws -> ArchiveResult {
        try await functions.invoke(.fileHandler, FileRequest(action: .archiveContract, caller: caller, contractId: contractId),
                                   as: ArchiveResult.self, parent: context)
    }
}
