import Foundation
@testable import LocalHarness
import Testing

/// `testex-local` run by bash as a person runs it: paths such as `/dev/stdin` and `<(...)`, and
/// the completion script.
@Suite("testex-local in a shell")
struct ShellTests {
    struct Output {
        let code: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `script` with bash, `testex-local` on PATH, in the repository root.
    static func bash(_ script: String, environment: [String: String] = [:]) throws -> Output {
        let binary = try #require(ProcessRaceTests.binary, "testex-local is built alongside the tests")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = Harness.repositoryRoot
        var variables = ["PATH": binary.deletingLastPathComponent().path + ":/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8"]
        variables.merge(environment) { $1 }
        process.environment = variables
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(code: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func anyReadablePathIsAnEventOrABody() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let environment = harness.environment
        for line in ["testex-local invoke ApiGateway --event /dev/stdin < events/api/get-contract.json",
                     "cat events/api/get-contract.json | testex-local invoke ApiGateway --event -",
                     "testex-local invoke ApiGateway --event <(cat events/api/get-contract.json)"] {
            let result = try Self.bash(line, environment: environment)
            #expect(result.code == 0 && result.stdout.contains(#""statusCode" : 200"#), "\(line): \(result.stderr)")
        }
        let body = try Self.bash(#"testex-local api PUT /api/contracts/CT002DEF --as admin --body @<(echo '{"description":"substituted"}')"#,
                                 environment: environment)
        #expect(body.code == 0 && body.stdout.contains("substituted"), "\(body.stderr)")
        let piped = try Self.bash(#"echo '{"description":"piped"}' | testex-local api PUT /api/contracts/CT002DEF --as admin --body @/dev/stdin"#,
                                  environment: environment)
        #expect(piped.code == 0 && piped.stdout.contains("piped"), "\(piped.stderr)")
    }

    /// What the completion function offers for the words typed so far (the last one being completed).
    static func complete(_ words: [String]) throws -> [String] {
        let quoted = words.map { "'\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }.joined(separator: " ")
        let script = """
            source <(testex-local completion bash)
            COMP_WORDS=(testex-local \(quoted)); COMP_CWORD=\(words.count)
            _testex_local
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try bash(script)
        #expect(result.code == 0 && result.stderr.isEmpty, "\(words): \(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesCommandsSubcommandsOptionsAndValuesFromTheTable() throws {
        let firstWords = Set(Commands.all.map { $0.words[0] })
        #expect(Set(try Self.complete([""])) == firstWords)
        #expect(try Self.complete(["db", ""]) == ["tables", "scan", "get"])
        #expect(try Self.complete(["q"]) == ["queue"])
        #expect(try Self.complete(["db", "scan", "con"]) == ["contracts"])
        #expect(try Self.complete(["--state", "/tmp", "invoke", "Contract"]) == ["ContractProcessor"])
        #expect(try Self.complete(["logs", "--tail", "5", "Api"]) == ["ApiGateway"])
        #expect(try Self.complete(["schedule", "run", "pend"]) == ["pending-terminations"])
        #expect(try Self.complete(["api", "GET", "/x", "--as", "cl"]) == ["client:"])
        #expect(Set(try Self.complete(["db", "scan", "--"])) == ["--output", "--dynamodb-json", "--state", "--memory", "--no-drain",
                                                               "--backend", "--endpoint"])
        #expect(try Self.complete(["outbox", "list", "--output", "j"]) == ["json"])
        #expect(try Self.complete(["invoke", "ApiGateway", "--event", "events/api/get-contract"]).contains("events/api/get-contract.json"))
        #expect(try Self.complete(["api", "POST", "/x", "--body", "@events/api/create-cl"]) == ["@events/api/create-client.json"])
        #expect(try Self.complete(["completion", ""]) == ["bash", "zsh"])
    }

    @Test func zshRunsTheSameFunctionThroughBashcompinit() throws {
        let zsh = ShellCompletion.zsh, bash = ShellCompletion.bash
        #expect(zsh.contains("autoload -U +X bashcompinit && bashcompinit\n"))
        let function = try #require(bash.range(of: "_testex_local() {")).lowerBound
        #expect(zsh.hasSuffix(String(bash[function...])))
        #expect(try Self.bash("bash -n <(testex-local completion bash) && testex-local completion zsh | head -3").code == 0)
    }
}
