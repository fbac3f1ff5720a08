/// The answer of ContractProcessor's `complete_termination`: which post-commit steps of a
/// committed termination left no trace (a process stopped between the status change and them),
/// and which of those it ran again.
public struct TerminationRecovery: Codable, Sendable, Hashable {
    /// The steps after the commit point, in the order the termination flow runs them.
    public enum Step: String, Codable, Sendable, CaseIterable {
        case audit, backup, archive, notice
    }

    public var contractId: String
    /// Steps with no trace when the request came.
    public var missing: [Step]
    /// Steps run now (none for a dry run).
    public var completed: [Step]
    /// Steps run now that failed, with why.
    public var failed: [String: String]

    enum CodingKeys: String, CodingKey {
        case contractId = "contract_id"
        case missing, completed, failed
    }

    public init(contractId: String, missing: [Step], completed: [Step] = [], failed: [String: String] = [:]) {
        self.contractId = contractId
        self.missing = missing
        self.completed = completed
        self.failed = failed
    }
}
