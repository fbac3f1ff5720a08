import Foundation
import Shared

/// Shared by the log stores so they answer alike.
enum LogLines {
    /// The lines an append writes: text with CR, LF or CRLF becomes several lines.
    static func split(_ lines: [String]) -> [String] {
        lines.flatMap { $0.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init) }
    }

    /// Streams (sorted by name) merged into one sequence ordered by time. The sort is stable, and
    /// a line without a timestamp sorts with the line before it in its stream, so multi-line
    /// output stays together.
    static func merge(_ streams: [(name: String, lines: [String])]) -> [LogEvent] {
        var keyed: [(time: Date, order: Int, event: LogEvent)] = []
        for stream in streams.sorted(by: { $0.name < $1.name }) {
            var time = Date.distantPast
            for line in stream.lines {
                let event = LogEvent(stream: stream.name, line: line)
                time = event.timestamp ?? time
                keyed.append((time, keyed.count, event))
            }
        }
        return keyed.sorted { ($0.time, $0.order) < ($1.time, $1.order) }.map(\.event)
    }

    /// The file-store name of a group or stream, refused when it would need shortening: the
    /// names are read back from file names, and a shortened one could not be.
    static func fileName(_ name: String) throws -> String {
        let encoded = PathComponent.encode(name)
        guard PathComponent.decode(encoded) != nil else {
            throw LogStoreError.invalidParameter("name \(String(name.prefix(60)).debugDescription)... is longer than the local log store keeps")
        }
        return encoded
    }
}
