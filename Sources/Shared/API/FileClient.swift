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
        try await functions.invoke(
            .fileHandler,
            FileRequest(
                action: .backupContract,
                caller: caller,
                contractId: contract.contractId,
                contract: contract,
                reason: reason
            ),
            as: BackupResult.self,
            parent: context
        )
    }

    /// Backs up `before` and archives the contract's documents, in one call.
    public func close(_ before: Contract, reason: String) async throws -> ClosingFilesResult {
        let request = FileRequest(
            action: .closeContract,
            caller: caller,
            contractId: before.contractId,
            contract: before,
            reason: reason
        )
        return try await functions.invoke(.fileHandler, request, as: ClosingFilesResult.self, parent: context)
    }

    public func archive(contractId: String) async throws -> ArchiveResult {
        try await functions.invoke(
            .fileHandler,
            FileRequest(action: .archiveContract, caller: caller, contractId: contractId),
            as: ArchiveResult.self,
            parent: context
        )
    }
}
