import Foundation
import Testing

/// Real `testex-local` processes writing one state directory at once: creates and optimistic
/// updates lose nothing and collide nowhere. (Racing terminations: `TerminationFlowTests`.)
@Suite("Processes writing one state directory at once")
struct WriteRaceTests {
    @Test func sixteenProcessesCreatingContractsGetDistinctIdsAndLoseNone() async throws {
        let binary = try #require(ProcessRaceTests.binary, "testex-local is built alongside the tests")
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let before = try await contractCount(harness)
        let body =
            #"{"client_id":"CL001XYZ","contract_type":"SERVICE","start_date":"2026-01-01","end_date":"2027-01-01","value":1000}"#
        let results = try await Self.runAll(
            (0..<16).map { _ in ["api", "POST", "/api/contracts", "--body", body, "--as", "admin"] },
            binary: binary,
            environment: harness.environment
        )
        #expect(results.map(\.code) == Array(repeating: 0, count: 16), "exit codes \(results.map(\.code))")
        let ids = try results.map { result in
            try #require(
                (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["contract_id"]
                    as? String
            )
        }
        #expect(Set(ids).count == 16, "ids \(ids.sorted())")
        #expect(try await contractCount(harness) == before + 16)
        for id in ids {
            let audit = try await harness.run("api", "GET", "/api/contracts/\(id)/audit", "--as", "admin").json()
            #expect(
                (audit["items"] as? [[String: Any]])?.map { $0["action"] as? String } == ["CREATE_CONTRACT"],
                "audit of \(id)"
            )
        }
    }

    @Test func eightProcessesCreatingTheSameContractIdGiveExactlyOneCreation() async throws {
        let binary = try #require(ProcessRaceTests.binary)
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let body =
            #"{"contract_id":"CTRACE01","client_id":"CL001XYZ","contract_type":"SERVICE","start_date":"2026-01-01","end_date":"2027-01-01","value":1000}"#
        let results = try await Self.runAll(
            Array(repeating: ["api", "POST", "/api/contracts", "--body", body, "--as", "admin"], count: 8),
            binary: binary,
            environment: harness.environment
        )
        let codes = results.map(\.code).sorted()
        #expect(codes == [0] + Array(repeating: 4, count: 7), "exit codes \(codes)")
        let audit = try await harness.run("api", "GET", "/api/contracts/CTRACE01/audit", "--as", "admin").json()
        #expect((audit["items"] as? [[String: Any]])?.count == 1)
    }

    /// Each process reads the contract and writes `value + 1` conditional on the version it read,
    /// retrying on 409: the value ends exactly at the number of increments.
    @Test func optimisticIncrementsFromEightProcessesLoseNoUpdate() async throws {
        let binary = try #require(ProcessRaceTests.binary)
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let (workers, increments) = (8, 3)
        let start = try await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin").json()
        let initial = try #require(start["value"] as? Int)
        let conflicts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    try await Self.increment(
                        "CT001ABC",
                        times: increments,
                        binary: binary,
                        environment: harness.environment
                    )
                }
            }
            return try await group.reduce(0, +)
        }
        let end = try await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin").json()
        #expect(end["value"] as? Int == initial + workers * increments, "\(conflicts) conflicts retried")
        #expect(end["version"] as? Int == (start["version"] as? Int ?? 0) + workers * increments)
        let audit = try await harness.run("api", "GET", "/api/contracts/CT001ABC/audit?limit=100", "--as", "admin")
            .json()
        #expect(
            (audit["items"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "UPDATE_CONTRACT" }.count
                == workers * increments
        )
    }

    /// `times` read-then-conditional-write increments; returns how many writes lost a race.
    private static func increment(
        _ id: String,
        times: Int,
        binary: URL,
        environment: [String: String]
    ) async throws -> Int {
        var conflicts = 0
        var done = 0
        while done < times {
            let read = try await run(
                ["api", "GET", "/api/contracts/\(id)", "--as", "admin"],
                binary: binary,
                environment: environment
            )
            let contract = try #require(
                try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any]
            )
            let value = try #require(contract["value"] as? Int)
            let version = try #require(contract["version"] as? Int)
            let write = try await run(
                [
                    "api", "PUT", "/api/contracts/\(id)", "--body",
                    #"{"value":\#(value + 1),"expected_version":\#(version)}"#, "--as", "admin",
                ],
                binary: binary,
                environment: environment
            )
            switch write.code {
            case 0: done += 1
            case 4: conflicts += 1
            default:
                Issue.record("PUT exited \(write.code): \(write.stdout)")
                return conflicts
            }
            try #require(conflicts < 500, "no progress")
        }
        return conflicts
    }

    private func contractCount(_ harness: Harness) async throws -> Int {
        let scan = await harness.run("db", "scan", "contracts")
        return try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [Any]).count
    }

    /// Starts every command at once and waits for all of them.
    static func runAll(
        _ commands: [[String]],
        binary: URL,
        environment: [String: String]
    ) async throws -> [ProcessResult] {
        try await withThrowingTaskGroup(of: (Int, ProcessResult).self) { group in
            for (index, words) in commands.enumerated() {
                group.addTask { (index, try await run(words, binary: binary, environment: environment)) }
            }
            return try await group.reduce(
                into: Array(repeating: ProcessResult(code: -1, stdout: ""), count: commands.count)
            ) { $0[$1.0] = $1.1 }
        }
    }

    struct ProcessResult: Sendable {
        let code: Int32
        let stdout: String
    }

    /// One process, awaited without holding a thread; stdout goes through a file, so a large
    /// answer cannot fill a pipe and stall the child.
    static func run(_ words: [String], binary: URL, environment: [String: String]) async throws -> ProcessResult {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("testex-race-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = binary
        process.arguments = words
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        let code: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return ProcessResult(code: code, stdout: String(decoding: try Data(contentsOf: output), as: UTF8.self))
    }
}
