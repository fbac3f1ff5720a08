import Shared

extension ContractSweep {
    /// The filter on the sweep's status partition.
    var filter: Condition {
        let notArchived = Condition.attributeNotExists("documents_archived_at")
        switch self {
        case .endedBefore(let day):
            return .lessThan("end_date", .string(day))
        case .terminationDue(_, let day):
            return .and([
                .equals("pending_termination", .bool(true)),
                .lessThanOrEqual("termination_effective_date", .string(day)),
            ])
        case .endingBetween(let from, let to):
            return .between("end_date", .string(from), .string(to))
        case .terminatedBefore(let time):
            return .and([.lessThan("terminated_at", .string(time)), notArchived])
        case .expiredBefore(let day):
            return .and([.lessThan("end_date", .string(day)), notArchived])
        }
    }
}
