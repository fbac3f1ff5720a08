import Foundation

/// A child process run to its end, its output read and its exit waited for on Dispatch queues of
/// their own, so the tests running meanwhile keep the concurrency pool (their invocations run
/// against wall-clock timeouts; a pool thread blocked in `waitUntilExit` for minutes starves them).
enum ChildProcess {
    struct Output: Sendable {
        let code: Int32
        let stdout: String
        let stderr: String
    }

    static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String],
        directory: URL? = nil
    ) async throws -> Output {
        let process = try start(executable, arguments, environment: environment, directory: directory)
        return await withCheckedContinuation { continuation in
            DispatchQueue(label: "testex.tests.child-process").async {
                continuation.resume(returning: finish(process))
            }
        }
    }

    /// The same, blocking the calling thread: for a `defer`, which cannot wait asynchronously.
    static func runBlocking(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Output {
        finish(try start(executable, arguments, environment: environment, directory: nil))
    }

    private static func start(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String],
        directory: URL?
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }

    private static func finish(_ process: Process) -> Output {
        let out = (process.standardOutput as! Pipe).fileHandleForReading
        let err = (process.standardError as! Pipe).fileHandleForReading
        let group = DispatchGroup()
        nonisolated(unsafe) var stderr = Data()
        DispatchQueue(label: "testex.tests.child-process-stderr").async(group: group) {
            stderr = err.readDataToEndOfFile()
        }
        let stdout = out.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(
            code: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}
