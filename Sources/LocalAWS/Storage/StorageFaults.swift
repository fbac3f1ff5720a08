import Foundation
import Shared

/// Injected failures of the calls that change files, for tests that prove a failed write leaves
/// the whole change or none of it: `TESTEX_STORAGE_FAULT=enospc@N` (or `eio@N`) makes the N-th
/// such call of this process fail as if the disk were full (or broken), once. With
/// `TESTEX_STORAGE_FAULT_LOG=FILE` the call that failed is appended to FILE, so a test knows
/// whether position N was reached. Unset, nothing is counted.
enum StorageFaults {
    private struct Plan {
        let code: Int32
        let position: Int
        let log: String?
    }

    private static let plan: Plan? = {
        let environment = ProcessInfo.processInfo.environment
        guard let text = environment["TESTEX_STORAGE_FAULT"], !text.isEmpty else { return nil }
        let parts = text.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, let position = Int(parts[1]), position > 0 else { return nil }
        let code: Int32 =
            switch parts[0] {
            case "enospc": ENOSPC
            case "eio": EIO
            default: 0
            }
        guard code != 0 else { return nil }
        return Plan(code: code, position: position, log: environment["TESTEX_STORAGE_FAULT_LOG"])
    }()

    private static let counter = Locked(0)

    /// Throws the injected failure when this call is the planned one.
    static func check(_ call: String, _ path: String) throws {
        guard let plan, counter.increment() == plan.position else { return }
        if let log = plan.log, let handle = FileHandle(forWritingAtPath: log) ?? createLog(log) {
            handle.seekToEndOfFile()
            handle.write(Data("\(plan.position) \(call) \(path)\n".utf8))
            try? handle.close()
        }
        throw StorageError.io("\(call) \(path)", plan.code)
    }

    private static func createLog(_ path: String) -> FileHandle? {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)
    }
}
