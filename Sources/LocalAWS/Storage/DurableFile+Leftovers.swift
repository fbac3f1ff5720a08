import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary files left by writes that were interrupted (the writer was killed between creating
/// its temporary file and renaming it). Readers never see them; `doctor --repair` removes them.
extension DurableFile {
    /// The writer's pid from a temporary name `.tmp-<pid>-<random>`; nil when the name has none.
    public static func writer(ofTemporary name: String) -> Int32? {
        guard isTemporary(name) else { return nil }
        let rest = name.utf8.dropFirst(temporaryMarker.utf8.count)
        guard let dash = rest.firstIndex(of: UInt8(ascii: "-")),
            let pid = Int32(String(decoding: rest[..<dash], as: UTF8.self)), pid > 0
        else { return nil }
        return pid
    }

    /// Whether a temporary file's write can never finish: its writer's pid no longer exists (or
    /// the name carries none). The pid in the name makes a registry of writers unnecessary; a
    /// reused pid only delays the cleanup to a later run. Writers in another pid namespace sharing
    /// the directory (containers) cannot be seen from here: repair where the writers run.
    public static func isAbandoned(temporary name: String) -> Bool {
        guard isTemporary(name) else { return false }
        guard let pid = writer(ofTemporary: name) else { return true }
        return !(kill(pid, 0) == 0 || errno == EPERM)
    }
}
