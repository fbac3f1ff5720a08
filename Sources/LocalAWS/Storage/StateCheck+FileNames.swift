import Foundation
import Shared
import WireFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Names no command writes and no String can name again (not UTF-8): the stores' checks never
/// see them, so this pass finds them anywhere in the state and moves them to `quarantine/`
/// under a name with their bytes escaped (`%FF`), where a person can look at them.
extension StateCheck {
    /// Walks the state (but `quarantine/`) for names that are not UTF-8.
    public func undecodableNames() throws {
        try walk(root)
    }

    private func walk(_ directory: URL) throws {
        for bytes in try PosixFiles.undecodableNames(in: directory.path) {
            let escaped = bytes.map { byte -> String in
                let printable = (0x20..<0x7F).contains(byte) && byte != 0x25
                return printable ? String(UnicodeScalar(byte)) : "%" + Digits.hex(byte, 2, uppercase: true)
            }.joined()
            let target = directory.appendingPathComponent(escaped)
            var problem = StateProblem(
                path: relative(target),
                reason: "a name that is not UTF-8 (shown escaped); no command writes one",
                fix: .quarantine
            )
            if repairing {
                problem.repaired = "moved to " + relative(try setAside(rawName: bytes, in: directory, as: target))
            }
            record(problem)
        }
        for name in try PosixFiles.allNames(in: directory.path).sorted() {
            let url = directory.appendingPathComponent(name)
            let isQuarantine = url.standardizedFileURL == quarantine.standardizedFileURL
            guard PosixFiles.isDirectory(url.path), !isQuarantine else { continue }
            try walk(url)
        }
    }

    /// Renames the entry `rawName` of `directory` to `target`'s place under `quarantine/`.
    private func setAside(rawName: [UInt8], in directory: URL, as target: URL) throws -> URL {
        var destination = quarantine.appendingPathComponent(relative(target))
        var counter = 1
        while FileManager.default.fileExists(atPath: destination.path) {
            destination = quarantine.appendingPathComponent(relative(target) + ".\(counter)")
            counter += 1
        }
        try DurableFile.createDirectory(destination.deletingLastPathComponent())
        let source = Array(directory.path.utf8) + [0x2F] + rawName + [0]
        let moved = source.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { name in
                rename(name, destination.path)
            }
        }
        guard moved == 0 else { throw StorageError.io("move a name that is not UTF-8 out of \(directory.path)", errno) }
        try DurableFile.syncDirectory(destination.deletingLastPathComponent())
        try DurableFile.syncDirectory(directory)
        return destination
    }
}

extension StateCheck {
    /// Runs a store's check under its writers' lock: exclusive to repair; to check, shared (as
    /// readers take it), so a read-only state can be checked.
    public func locked<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        if repairing { return try FileLock.withLock(url, body) }
        guard PosixFiles.exists(url.path) else { return try body() }
        return try FileLock.withSharedLock(url, body)
    }
}
