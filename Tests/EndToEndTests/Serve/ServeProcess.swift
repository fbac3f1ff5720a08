import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `testex-local serve --port 0` in a child process on a harness's state: its port, its
/// output, its peak memory, and a SIGTERM to stop it. Its state is set once, at start.
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let port: UInt16
    let output: URL
    let errors: URL

    struct NotStarted: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts it on a thread of its own: waiting for its first line blocks.
    static func start(_ harness: Harness, arguments: [String] = []) async throws -> ServeProcess {
        let environment = harness.environment
        let result = await onThread { Result { try ServeProcess(environment: environment, arguments: arguments) } }
        return try result.get()
    }

    init(environment: [String: String], arguments: [String]) throws {
        guard let binary = ProcessRaceTests.binary else {
            throw NotStarted(description: "testex-local is built alongside the tests")
        }
        output = FileManager.default.temporaryDirectory.appendingPathComponent("serve-out-\(UUID().uuidString)")
        errors = FileManager.default.temporaryDirectory.appendingPathComponent("serve-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process = Process()
        process.executableURL = binary
        process.arguments = ["serve"] + (arguments.contains("--port") ? [] : ["--port", "0"]) + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        var found: UInt16?
        for _ in 0..<200 where found == nil {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                found = UInt16(text[range].split(separator: ":")[1])
            } else {
                guard process.isRunning else { break }
                usleep(50_000)
            }
        }
        guard let found else {
            throw NotStarted(
                description: "serve did not start: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")"
            )
        }
        port = found
    }

    var base: String { "http://127.0.0.1:\(port)" }

    var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    /// The largest resident size the process has had, in MB (Linux's VmHWM).
    var peakMemoryMB: Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }

    /// SIGTERM, and the exit status once it has stopped (nil if it did not within `seconds`).
    @discardableResult
    func stop(within seconds: Double = 10) -> Int32? {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        return exitStatus(within: seconds)
    }

    /// The exit status once the process has ended; killed and nil if it has not within `seconds`.
    func exitStatus(within seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: output)
        try? FileManager.default.removeItem(at: errors)
    }
}
