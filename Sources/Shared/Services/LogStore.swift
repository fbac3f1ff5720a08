import Foundation
import WireFormat

/// Log streams grouped as CloudWatch Logs groups them. Appends are atomic and durable when they
/// return: a reader sees all lines of an append or none. A line is one event; text with line
/// breaks becomes several events, as Lambda splits a function's output.
public protocol LogStore: Sendable {
    /// Appends the lines to the stream, creating the group and the stream when absent.
    func append(group: String, stream: String, lines: [String]) async throws
    /// The stream's events in order; with `stream` nil, every stream of the group merged by
    /// time, each stream's events kept in their order. Empty when the group or stream does not exist.
    func read(group: String, stream: String?) async throws -> [LogEvent]
    /// The last `count` events of the group: each stream's last `count` merged by time, which is
    /// the end of `read(group:stream: nil)` when each stream's timestamps are in order.
    func tail(group: String, count: Int) async throws -> [LogEvent]
    /// Deletes the group's streams whose last event is older than `cutoff`, as CloudWatch's
    /// retention expires events; a stream without a timestamped event is kept.
    func deleteStreams(group: String, lastEventBefore cutoff: Date) async throws
    /// The groups that exist, sorted.
    func groups() async throws -> [String]
    /// The streams of a group, sorted; empty when the group does not exist.
    func streams(group: String) async throws -> [String]
}

/// One line of a log stream.
public struct LogEvent: Sendable, Hashable {
    public let stream: String
    /// The line as written, e.g. `2026-11-22T10:15:30.123Z\tSTART RequestId: ...`.
    public let line: String
    /// The line's leading ISO-8601 timestamp, when it starts with one followed by a tab.
    public let timestamp: Date?
    /// The line after its timestamp and tab; the whole line when it has none.
    public let message: String

    public init(stream: String, line: String) {
        self.stream = stream
        self.line = line
        if let tab = line.firstIndex(of: "\t"), let date = ISO8601Timestamp.date(from: String(line[..<tab])) {
            timestamp = date
            message = String(line[line.index(after: tab)...])
        } else {
            timestamp = nil
            message = line
        }
    }
}

/// Errors of the log store, named as CloudWatch Logs names them.
public enum LogStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A group or stream name breaks CloudWatch's rules (or this store's length limit).
    case invalidParameter(String)

    public var code: String { "InvalidParameterException" }

    public var description: String {
        switch self {
        case .invalidParameter(let message): "InvalidParameterException: \(message)"
        }
    }
}

/// CloudWatch Logs' naming rules, checked before anything is written.
public enum LogStoreRules {
    /// Group names: 1...512 characters of letters, digits, `_`, `-`, `/`, `.` and `#`.
    public static func validateGroup(_ group: String) throws {
        let allowed = Set("_-/.#".utf8)
        let valid =
            (1...512).contains(group.utf8.count)
            && group.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                    || allowed.contains($0)
            }
        guard valid else { throw LogStoreError.invalidParameter("invalid log group name \(group.debugDescription)") }
    }

    /// Stream names: 1...512 characters, no `:` or `*`, and no control characters.
    public static func validateStream(_ stream: String) throws {
        let valid =
            (1...512).contains(stream.utf8.count)
            && !stream.unicodeScalars.contains { $0 == ":" || $0 == "*" || $0.value < 0x20 || $0.value == 0x7F }
        guard valid else { throw LogStoreError.invalidParameter("invalid log stream name \(stream.debugDescription)") }
    }
}
