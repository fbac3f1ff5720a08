/// The lifecycle of a contract: ACTIVE <-> SUSPENDED; ACTIVE|SUSPENDED -> TERMINATED (final);
/// ACTIVE -> EXPIRED once `end_date` has passed.
public enum ContractStatus: String, Codable, Sendable, CaseIterable {
    case active = "ACTIVE"
    case suspended = "SUSPENDED"
    case terminated = "TERMINATED"
    case expired = "EXPIRED"

    /// Whether the lifecycle allows moving from this status to `next`.
    public func canTransition(to next: ContractStatus) -> Bool {
        switch (self, next) {
        case (.active, .suspended), (.suspended, .active),
            (.active, .terminated), (.suspended, .terminated),
            (.active, .expired):
            return true
        default:
            return false
        }
    }
}
