import Foundation

/// Runs a Python 3 program with `python3` from the PATH, as the moto-backed suites do.
public enum Python {
    /// Whether `python3 -c "import <module>"` succeeds for every module.
    public static func has(_ modules: String...) -> Bool {
        (try? run("import " + modules.joined(separator: ", "))) != nil
    }

    /// Runs `program` with `input` on standard input; its standard output, or an error with its
    /// standard error when it exits with another status than 0.
    public static func run(_ program: String, input: Data = Data(), arguments: [String] = []) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", program] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        // Standard error goes to a file, so neither pipe can fill up while the other is read.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("python-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let stderr = try FileHandle(forWritingTo: errorFile)
        defer { try? stderr.close() }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorOutput = (try? Data(contentsOf: errorFile)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw PythonError(
                status: process.terminationStatus,
                message: String(decoding: errorOutput.suffix(2000), as: UTF8.self)
            )
        }
        return output
    }
}

/// A Python program that exited with another status than 0, with the end of its standard error.
public struct PythonError: Error, CustomStringConvertible {
    public let status: Int32
    public let message: String
    public var description: String { "python3 exited with \(status): \(message)" }
}
