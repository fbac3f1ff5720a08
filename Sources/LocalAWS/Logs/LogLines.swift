import Foundation
import Shared

/// Shared by the log stores so they answer alike.
enum LogLines {
    /// The lines an append writes: text with CR, LF or CRLF becomes several lines.
    static func split(_ lines: [String]) -> [String] {
        lines.flatMap { line in
            isOneLine(line)
                ? [line] : line.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        }
    }

    /// Whether text has no line break, read from its bytes: ASCII without LF, VT, FF or CR (a JSON
    /// log line). Other text is split by `Character.isNewline`, which also knows NEL, LS and PS.
    private static func isOneLine(_ line: String) -> Bool {
        line.utf8.allSatisfy { $0 < 0x80 && !(0x0A...0x0D).contains($0) }
    }

    /// Streams (sorted by name) merged into one sequence ordered by time. The sort is stable, and
    /// each line sorts at the latest time seen so far in its stream, so a stream's lines keep
    /// their order (multi-line output stays together, and processes appending to one stream at
    /// once never reorder it), and the last N merged events are among each stream's last N.
    static func merge(_ streams: [(name: String, lines: [String])]) -> [LogEvent] {
        var keyed: [(time: Date, order: Int, event: LogEvent)] = []
        for stream in streams.sorted(by: { $0.name < $1.name }) {
            var time = Date.distantPast
            for line in stream.lines {
                let event = LogEvent(stream: stream.name, line: line)
                time = max(time, event.timestamp ?? time)
                keyed.append((time, keyed.count, event))
            }
        }
        return keyed.sorted { ($0.time, $0.order) < ($1.time, $1.order) }.map(\.event)
    }

    /// Whether a stream's events are all older than `cutoff`: its last timestamped line is
    /// (a stream whose lines carry no timestamp is kept).
    static func isExpired(_ lines: [String], before cutoff: Date) -> Bool {
        let times = lines.lazy.reversed().compactMap { LogEvent(stream: "", line: $0).timestamp }
        guard let last = times.first else { return false }
        return last < cutoff
    }

    /// The file-store name of a group or stream, refused when it would need shortening: the
    /// names are read back from file names, and a shortened one could not be.
    static func fileName(_ name: String) throws -> String {
        if let known = knownFileNames.withLock({ $0[name] }) { return known }
        let encoded = PathComponent.encode(name)
        guard PathComponent.decode(encoded) != nil else {
            throw LogStoreError.invalidParameter(
                "name \(String(name.prefix(60)).debugDescription)... is longer than the local log store keeps"
            )
        }
        knownFileNames.withLock { names in
            // A process names few groups and streams (one stream per function and day); the bound
            // only keeps a long-running one that is handed many from growing.
            if names.count >= 4096 { names.removeAll() }
            names[name] = encoded
        }
        return encoded
    }

    /// The file names given so far: every append names its group and stream again.
    private static let knownFileNames = Locked<[String: String]>([:])
}
