import Foundation
import Testing

/// Several `testex-local` processes on one state directory, as developers and CI run them.
@Suite("Processes racing on one state directory")
struct ProcessRaceTests {
    /// The built `testex-local` next to the test bundle.
    static var binary: URL? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("testex-local")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static func spawn(_ binary: URL, _ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func twoProcessesUpdatingWithTheSameExpectedVersionGiveExactlyOneSuccess() async throws {
        let binary = try #require(Self.binary, "testex-local is built alongside the tests")
        for round in 0..<5 {
            let harness = try await Harness.seeded()
            defer { harness.remove() }
            let body = #"{"description": "round \#(round)", "expected_version": 1}"#
            let processes = try (0..<2).map { _ in
                try Self.spawn(
                    binary,
                    ["api", "PUT", "/api/contracts/CT001ABC", "--body", body, "--as", "admin"],
                    environment: harness.environment
                )
            }
            for process in processes { await process.exited() }
            let codes = processes.map(\.terminationStatus).sorted()
            #expect(codes == [0, 4], "round \(round): exit codes \(codes)")
            let after = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin")
            #expect(try after.json()["version"] as? Int == 2)
        }
    }
}
