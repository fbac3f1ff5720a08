import Foundation

/// `curl` as a client runs it: the status and the body. The process is awaited through its
/// termination handler, so no thread of the concurrency pool blocks while it runs (an
/// in-process server keeps the pool).
public enum Curl {
    /// `curl -s -S` with the arguments, sending `body` (if any) as `--data-binary`.
    public static func run(_ arguments: [String], body: Data? = nil) async throws -> (status: Int, body: Data) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("body")
        let status = folder.appendingPathComponent("status")
        var words = ["-s", "-S", "-o", output.path, "-w", "%{http_code}"]
        if let body {
            try body.write(to: folder.appendingPathComponent("request"))
            words += ["--data-binary", "@" + folder.appendingPathComponent("request").path]
        }
        _ = FileManager.default.createFile(atPath: status.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl"] + words + arguments
        process.standardOutput = try FileHandle(forWritingTo: status)
        process.standardError = FileHandle.nullDevice
        let started: Result<Void, any Error> = await withCheckedContinuation { done in
            process.terminationHandler = { _ in done.resume(returning: .success(())) }
            do { try process.run() } catch { done.resume(returning: .failure(error)) }
        }
        try started.get()
        let code = Int(String(decoding: try Data(contentsOf: status), as: UTF8.self)) ?? 0
        return (code, (try? Data(contentsOf: output)) ?? Data())
    }
}
