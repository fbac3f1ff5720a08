import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing wrong in a state directory: where, why, and what `doctor --repair` does about it.
public struct StateProblem: Sendable, Hashable {
    /// How a problem is repaired; never by deleting something an acknowledged write needs.
    public enum Fix: String, Sendable, Hashable {
        /// A leftover no acknowledged write needs (a temporary file, an unfinished write's part): removed.
        case remove
        /// Unreadable or misplaced data: moved under `quarantine/` for a person to inspect.
        case quarantine
        /// Derived data (an index entry, object metadata, a table definition): written again from what it describes.
        case rebuild
        /// A flow stopped half-way (a termination's post-commit steps): its remaining steps are run.
        case complete
        /// Something the state cannot tell the right answer to: reported only.
        case none
    }

    /// The file or directory, relative to the state directory.
    public var path: String
    public var reason: String
    public var fix: Fix
    /// What the repair did; nil while only checking, or when there was nothing it could do.
    public var repaired: String?

    public init(path: String, reason: String, fix: Fix, repaired: String? = nil) {
        self.path = path
        self.reason = reason
        self.fix = fix
        self.repaired = repaired
    }

    /// `<path>: <reason>`, and what the repair did, on one line whatever the names hold.
    public var line: String {
        Self.printable("\(path): \(reason)" + (repaired.map { " (\($0))" } ?? ""))
    }

    /// `text` with its control characters escaped (a line break as `\n`).
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}

/// One pass of `doctor` over a state directory: collects problems and, when repairing, fixes each
/// as it is found, so a store's check and its repair happen under the same lock.
public final class StateCheck {
    /// The state directory every path is reported relative to.
    public let root: URL
    public let repairing: Bool
    public private(set) var problems: [StateProblem] = []

    /// A pass over `root`; `repair` fixes what can be fixed without losing acknowledged data.
    public init(root: URL, repair: Bool) {
        self.root = root.standardizedFileURL
        self.repairing = repair
    }

    /// Where `repair` sets unreadable files aside.
    public var quarantine: URL { root.appendingPathComponent("quarantine") }

    /// A leftover: removed when repairing. A directory goes only if empty, unless it is a
    /// `derivedTree` (such as an index directory) whose every file can be rebuilt from the data.
    public func remove(_ url: URL, _ reason: String, derivedTree: Bool = false) throws {
        var problem = StateProblem(path: relative(url), reason: reason, fix: .remove)
        if repairing {
            if derivedTree, isDirectory(url) {
                try FileManager.default.removeItem(at: url)
                try DurableFile.syncDirectory(url.deletingLastPathComponent())
            } else if isDirectory(url) {
                guard rmdir(url.path) == 0 || errno == ENOENT else { throw StorageError.io("rmdir \(url.path)", errno) }
                try DurableFile.syncDirectory(url.deletingLastPathComponent())
            } else {
                try DurableFile.remove(url)
            }
            problem.repaired = "removed"
        }
        problems.append(problem)
    }

    /// Unreadable or misplaced data (and the files that belong with it): moved to `quarantine/`.
    public func quarantine(_ url: URL, _ reason: String, with companions: [URL] = []) throws {
        var problem = StateProblem(path: relative(url), reason: reason, fix: .quarantine)
        if repairing {
            var moved: [String] = []
            for file in [url] + companions where FileManager.default.fileExists(atPath: file.path) {
                moved.append(relative(try setAside(file)))
            }
            problem.repaired = "moved to " + moved.joined(separator: ", ")
        }
        problems.append(problem)
    }

    /// Derived data that disagrees with what it describes: `rebuild` writes it again. With
    /// `keepingOriginal`, a copy of the old file stays in quarantine, for when the data it
    /// describes is the damaged side.
    public func rebuild(
        _ url: URL,
        _ reason: String,
        keepingOriginal: Bool = false,
        _ rebuild: () throws -> Void
    ) throws {
        var problem = StateProblem(path: relative(url), reason: reason, fix: .rebuild)
        if repairing {
            var kept = ""
            if keepingOriginal, let original = try DurableFile.read(url) {
                let copy = quarantineTarget(for: url)
                try DurableFile.write(original, to: copy)
                kept = ", the old one kept as \(relative(copy))"
            }
            try rebuild()
            problem.repaired = "rebuilt" + kept
        }
        problems.append(problem)
    }

    /// Handles a temporary file of `DurableFile`: one whose writer is gone is a leftover to
    /// remove; one whose writer still runs is a write in progress. Returns whether `url` is one.
    public func temporaryFile(_ url: URL) throws -> Bool {
        guard DurableFile.isTemporary(url.lastPathComponent) else { return false }
        let name = url.lastPathComponent
        if DurableFile.isAbandoned(temporary: name) {
            let writer = DurableFile.writer(ofTemporary: name).map { "process \($0)" } ?? "its writer"
            try remove(url, "temporary file of an interrupted write (\(writer) is gone)")
        }
        return true
    }

    /// A flow or commit stopped half-way: `complete` finishes it when repairing.
    public func complete(_ url: URL, _ reason: String, _ complete: () throws -> Void) throws {
        var problem = StateProblem(path: relative(url), reason: reason, fix: .complete)
        if repairing {
            try complete()
            problem.repaired = "completed"
        }
        problems.append(problem)
    }

    /// A problem this pass can only report.
    public func report(_ url: URL, _ reason: String) {
        problems.append(StateProblem(path: relative(url), reason: reason, fix: .none))
    }

    /// A problem found and (when repairing) fixed by a check outside the stores.
    public func record(_ problem: StateProblem) {
        problems.append(problem)
    }

    /// `url` relative to the state directory, as problems name it.
    public func relative(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = root.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// Moves a file to the same relative place under `quarantine/` (numbered if that is taken).
    private func setAside(_ url: URL) throws -> URL {
        let target = quarantineTarget(for: url)
        try DurableFile.createDirectory(target.deletingLastPathComponent())
        guard rename(url.path, target.path) == 0 else { throw StorageError.io("move \(url.path) to quarantine", errno) }
        try DurableFile.syncDirectory(target.deletingLastPathComponent())
        try DurableFile.syncDirectory(url.deletingLastPathComponent())
        return target
    }

    /// The same relative place under `quarantine/`, numbered if that is taken.
    private func quarantineTarget(for url: URL) -> URL {
        var target = quarantine.appendingPathComponent(relative(url))
        var counter = 1
        while FileManager.default.fileExists(atPath: target.path) {
            target = quarantine.appendingPathComponent(relative(url) + ".\(counter)")
            counter += 1
        }
        return target
    }

    private func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}
