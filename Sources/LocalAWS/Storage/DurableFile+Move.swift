import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DurableFile {
    /// Atomically renames `source` to `target` (replacing it), durable in both directories when
    /// it returns (unless `durable` is false: then the rename is whole and survives a killed
    /// process, but not a machine stop); false when `source` was already gone.
    @discardableResult
    public static func move(_ source: URL, to target: URL, durable: Bool = true) throws -> Bool {
        try createDirectory(target.deletingLastPathComponent())
        guard PosixFiles.exists(source.path) else { return false }
        try FileCalls.rename(source.path, target.path)
        guard durable, !DeferredDurability.defers() else { return true }
        try syncDirectory(target.deletingLastPathComponent())
        if source.deletingLastPathComponent() != target.deletingLastPathComponent() {
            try syncDirectory(source.deletingLastPathComponent())
        }
        return true
    }
}
