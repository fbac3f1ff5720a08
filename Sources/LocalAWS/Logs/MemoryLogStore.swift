import Foundation
import Shared

/// A `LogStore` in memory with the same semantics as `FileLogStore`, for fast tests.
public actor MemoryLogStore: LogStore {
    private var lines: [String: [String: [String]]] = [:]

    public init() {}

    public func append(group: String, stream: String, lines newLines: [String]) async throws {
        try LogStoreRules.validateGroup(group)
        try LogStoreRules.validateStream(stream)
        _ = try LogLines.fileName(group)
        _ = try LogLines.fileName(stream)
        lines[group, default: [:]][stream, default: []] += LogLines.split(newLines)
    }

    public func read(group: String, stream: String?) async throws -> [LogEvent] {
        let streams = lines[group] ?? [:]
        if let stream { return (streams[stream] ?? []).map { LogEvent(stream: stream, line: $0) } }
        return LogLines.merge(streams.map { ($0.key, $0.value) })
    }

    public func tail(group: String, count: Int) async throws -> [LogEvent] {
        let last = (lines[group] ?? [:]).map { ($0.key, Array($0.value.suffix(max(0, count)))) }
        return Array(LogLines.merge(last).suffix(max(0, count)))
    }

    public func deleteStreams(group: String, lastEventBefore cutoff: Date) async throws {
        lines[group] = lines[group]?.filter { !LogLines.isExpired($0.value, before: cutoff) }
    }

    public func groups() async throws -> [String] {
        lines.keys.sorted()
    }

    public func streams(group: String) async throws -> [String] {
        (lines[group] ?? [:]).keys.sorted()
    }
}
