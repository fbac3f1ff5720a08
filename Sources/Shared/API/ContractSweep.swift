/// Which contracts a scheduled rule works on, as DatabaseManager finds them through the status
/// index: one partition of the index, filtered, never a scan.
public enum ContractSweep: Sendable, Hashable {
    /// ACTIVE contracts whose `end_date` is before `day`.
    case endedBefore(day: String)
    /// Contracts with `status` whose pending termination is effective on or before `day`.
    case terminationDue(status: ContractStatus, day: String)
    /// ACTIVE contracts whose `end_date` is between `from` and `to`, both included.
    case endingBetween(from: String, to: String)
    /// TERMINATED contracts terminated before `time` whose documents the lifecycle has not archived.
    case terminatedBefore(time: String)
    /// EXPIRED contracts whose `end_date` is before `day` and whose documents the lifecycle has not archived.
    case expiredBefore(day: String)

    /// The index partition the sweep reads.
    public var status: ContractStatus {
        switch self {
        case .endedBefore, .endingBetween: .active
        case .terminationDue(let status, _): status
        case .terminatedBefore: .terminated
        case .expiredBefore: .expired
        }
    }

    var kind: String {
        switch self {
        case .endedBefore: "ended_before"
        case .terminationDue: "termination_due"
        case .endingBetween: "ending_between"
        case .terminatedBefore: "terminated_before"
        case .expiredBefore: "expired_before"
        }
    }
}

extension ContractSweep: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, status, day, from, to, time
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "ended_before": self = .endedBefore(day: try c.decode(String.self, forKey: .day))
        case "termination_due":
            self = .terminationDue(
                status: try c.decode(ContractStatus.self, forKey: .status),
                day: try c.decode(String.self, forKey: .day)
            )
        case "ending_between":
            self = .endingBetween(
                from: try c.decode(String.self, forKey: .from),
                to: try c.decode(String.self, forKey: .to)
            )
        case "terminated_before": self = .terminatedBefore(time: try c.decode(String.self, forKey: .time))
        case "expired_before": self = .expiredBefore(day: try c.decode(String.self, forKey: .day))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown sweep '\(kind)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .endedBefore(let day), .expiredBefore(let day): try c.encode(day, forKey: .day)
        case .terminationDue(let status, let day):
            try c.encode(status, forKey: .status)
            try c.encode(day, forKey: .day)
        case .endingBetween(let from, let to):
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
        case .terminatedBefore(let time): try c.encode(time, forKey: .time)
        }
    }
}
