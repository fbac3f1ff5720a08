import Foundation
import Shared

/// `doctor` for the SES outbox, holding the outbox lock so no send is half-seen. A record commits
/// a send: an `.eml` without one is a send that never completed (never acknowledged) and goes to
/// quarantine; so does a record whose message is missing or unreadable, with it.
extension FileMailOutbox {
    /// Checks every file of the outbox.
    public func check(_ check: StateCheck) throws {
        guard PosixFiles.isDirectory(root.path) else { return }
        try check.locked(lockURL) {
            let names = try PosixFiles.allNames(in: root.path).sorted()
            let present = Set(names)
            for name in names where name != ".lock" {
                let url = root.appendingPathComponent(name)
                if try check.temporaryFile(url) { continue }
                let (id, ext) = Self.split(name)
                guard SESMessageID.isValid(id), ext == "json" || ext == "eml" else {
                    try check.quarantine(url, "not a message or record of the outbox")
                    continue
                }
                let eml = root.appendingPathComponent(id + ".eml")
                if ext == "eml" {
                    if !present.contains(id + ".json") {
                        // Never deleted: the message may be the only copy of what was sent.
                        try check.quarantine(url, "message without its record (a send that never completed)")
                    }
                    continue
                }
                let record: OutboxRecord?
                do {
                    record = try readRecord(id: id)
                } catch {
                    try check.quarantine(
                        url,
                        "not a valid outbox record (\(error)); its message goes with it",
                        with: [eml]
                    )
                    continue
                }
                guard let record else { continue }
                if let problem = Self.problem(with: record, id: id, eml: try DurableFile.read(eml)) {
                    try check.quarantine(url, problem, with: [eml])
                }
            }
        }
    }

    /// What is wrong with a committed send, or nil when its record and message agree: the
    /// message must have a header section and, when multipart, its closing boundary.
    static func problem(with record: OutboxRecord, id: String, eml: Data?) -> String? {
        guard record.messageId == id else {
            return "record of message \(record.messageId), not of the id its name gives"
        }
        guard let eml else { return "record of a message whose .eml is missing" }
        guard let headers = try? RawMessageHeaders(eml) else { return "its .eml has no readable header section" }
        if let type = headers.values("Content-Type").first, let boundary = boundary(in: type),
            eml.range(of: Data("--\(boundary)--".utf8)) == nil
        {
            return "its .eml is cut short (the closing MIME boundary is missing)"
        }
        return nil
    }

    /// The `boundary` parameter of a multipart Content-Type.
    private static func boundary(in contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/"), let start = contentType.range(of: "boundary=") else {
            return nil
        }
        let value = contentType[start.upperBound...]
        if value.first == "\"" {
            return value.dropFirst().split(separator: "\"", maxSplits: 1).first.map(String.init)
        }
        return value.split(whereSeparator: { $0 == ";" || $0 == " " }).first.map(String.init)
    }

    private static func split(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: ".") else { return (name, "") }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }
}
