/// Typed calls to FileHandler through the `FunctionInvoker`.
import Shared

public struct FileClient: Sendable {
    let functions: any FunctionInvoker
    let context: LambdaContext
    let caller: Caller

    public init(functions: any FunctionInvoker, context: LambdaContext, caller: Caller) {
        self.functions = functions
        self.context = context
        self.caller = caller
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
