import Foundation

/// Which boot of the machine this is: a journal whose changes were applied without fsync can
/// trust those files after a process was killed (the kernel kept them), but not after the machine
/// stopped. Linux's boot id; nil where the system has none, and then every start is treated as
/// a new boot.
enum BootIdentity {
    static let current: String? = {
        #if os(Linux)
        guard let data = FileManager.default.contents(atPath: "/proc/sys/kernel/random/boot_id") else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingWhitespaceAndNewlines()
        return text.isEmpty ? nil : text
        #else
        return nil
        #endif
    }()
}
