import Foundation
import Shared
import WireFormat

/// A `Retry` entry: which errors, the interval before the first retry, how many retries, and
/// the back-off rate (defaults 1 s, 3, 2.0), capped by `MaxDelaySeconds`.
struct Retrier: Sendable, Hashable {
    let errorEquals: [String]
    let intervalSeconds: Int
    let maxAttempts: Int
    let backoffRate: Decimal
    let maxDelaySeconds: Int?

    init(_ value: JSONValue, state: String) throws {
        guard case .object(let fields) = value else {
            throw ASLError.definition(state: state, "a Retrier is an object")
        }
        let allowed: Set<String> = ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds"]
        if let extra = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ASLError.definition(state: state, "the Retrier field \(extra) is not supported")
        }
        let reader = FieldReader(state: state, fields: fields)
        errorEquals = try ErrorMatch.names(reader, state: state)
        intervalSeconds = try reader.integer("IntervalSeconds") ?? 1
        maxAttempts = try reader.integer("MaxAttempts") ?? 3
        backoffRate = try reader.number("BackoffRate") ?? 2
        maxDelaySeconds = try reader.integer("MaxDelaySeconds")
        guard intervalSeconds >= 1, maxAttempts >= 0, backoffRate >= 1 else {
            throw ASLError.definition(state: state, "IntervalSeconds ≥ 1, MaxAttempts ≥ 0 and BackoffRate ≥ 1.0")
        }
    }

    /// Seconds to wait before retry number `retry` (1 for the first).
    func delay(beforeRetry retry: Int) -> Double {
        let rate = NSDecimalNumber(decimal: backoffRate).doubleValue
        let delay = Double(intervalSeconds) * pow(rate, Double(retry - 1))
        return maxDelaySeconds.map { min(delay, Double($0)) } ?? delay
    }
}

/// A `Catch` entry: which errors, the state to go to, and where the Error Output goes.
struct Catcher: Sendable, Hashable {
    let errorEquals: [String]
    let next: String
    let resultPath: JSONPath?

    init(_ value: JSONValue, state: String) throws {
        guard case .object(let fields) = value else {
            throw ASLError.definition(state: state, "a Catcher is an object")
        }
        if let extra = fields.keys.sorted().first(where: { !["ErrorEquals", "Next", "ResultPath"].contains($0) }) {
            throw ASLError.definition(state: state, "the Catcher field \(extra) is not supported")
        }
        let reader = FieldReader(state: state, fields: fields)
        errorEquals = try ErrorMatch.names(reader, state: state)
        next = try reader.requiredString("Next")
        resultPath = try reader.resultPath()
    }
}

enum ErrorMatch {
    static func names(_ reader: FieldReader, state: String) throws -> [String] {
        let names = try reader.list("ErrorEquals").map { value -> String in
            guard case .string(let name) = value else {
                throw ASLError.definition(state: state, "ErrorEquals holds strings")
            }
            return name
        }
        guard !names.isEmpty else { throw ASLError.definition(state: state, "ErrorEquals must not be empty") }
        if names.contains("States.ALL"), names.count > 1 {
            throw ASLError.definition(state: state, "States.ALL must appear alone in ErrorEquals")
        }
        return names
    }

    /// Whether an Error Name matches: itself, `States.TaskFailed` for any error but a timeout
    /// of a Task, and `States.ALL` for every error except `States.Runtime`.
    static func matches(_ names: [String], _ error: String) -> Bool {
        if names.contains(error) { return true }
        if names.contains("States.ALL") { return error != "States.Runtime" }
        return names.contains("States.TaskFailed") && error != "States.Timeout" && !error.hasPrefix("States.")
    }
}
