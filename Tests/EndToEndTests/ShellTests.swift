import Foundation
import Testing

@testable import LocalHarness

/// `testex-local` run by bash as a person runs it: paths such as `/dev/stdin` and `<(...)`, and
/// the completion script.
@Suite("testex-local in a shell")
struct ShellTests {
    typealias Output = ChildProcess.Output

    /// Runs `script` with bash, `testex-local` on PATH, in the repository root, off the
    /// concurrency pool (`ChildProcess`).
    static func bash(_ script: String, environment: [String: String] = [:]) async throws -> Output {
        let binary = try #require(ProcessRaceTests.binary, "testex-local is built alongside the tests")
        var variables = [
            "PATH": binary.deletingLastPathComponent().path + ":/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
            "LANG": "C.UTF-8",
        ]
        variables.merge(environment) { $1 }
        return try await ChildProcess.run(
            URL(fileURLWithPath: "/bin/bash"),
            ["-c", script],
            environment: variables,
            directory: Harness.repositoryRoot
        )
    }

    @Test func anyReadablePathIsAnEventOrABody() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let environment = harness.environment
        for line in [
            "testex-local invoke ApiGateway --event /dev/stdin < events/api/get-contract.json",
            "cat events/api/get-contract.json | testex-local invoke ApiGateway --event -",
            "testex-local invoke ApiGateway --event <(cat events/api/get-contract.json)",
        ] {
            let result = try await Self.bash(line, environment: environment)
            #expect(result.code == 0 && result.stdout.contains(#""statusCode" : 200"#), "\(line): \(result.stderr)")
        }
        let body = try await Self.bash(
            #"testex-local api PUT /api/contracts/CT002DEF --as admin --body @<(echo '{"description":"substituted"}')"#,
            environment: environment
        )
        #expect(body.code == 0 && body.stdout.contains("substituted"), "\(body.stderr)")
        let piped = try await Self.bash(
            #"echo '{"description":"piped"}' | "#
                + "testex-local api PUT /api/contracts/CT002DEF --as admin --body @/dev/stdin",
            environment: environment
        )
        #expect(piped.code == 0 && piped.stdout.contains("piped"), "\(piped.stderr)")
    }

    /// What the completion function offers for the words typed so far (the last one being completed).
    static func complete(_ words: [String]) async throws -> [String] {
        let quoted = words.map { "'\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }.joined(separator: " ")
        let script = """
            source <(testex-local completion bash)
            COMP_WORDS=(testex-local \(quoted)); COMP_CWORD=\(words.count)
            _testex_local
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try await bash(script)
        #expect(result.code == 0 && result.stderr.isEmpty, "\(words): \(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesCommandsSubcommandsOptionsAndValuesFromTheTable() async throws {
        let firstWords = Set(Commands.all.map { $0.words[0] })
        #expect(Set(try await Self.complete([""])) == firstWords)
        #expect(try await Self.complete(["db", ""]) == ["tables", "scan", "get"])
        #expect(try await Self.complete(["q"]) == ["queue"])
        #expect(try await Self.complete(["db", "scan", "con"]) == ["contracts"])
        #expect(try await Self.complete(["--state", "/tmp", "invoke", "Contract"]) == ["ContractProcessor"])
        #expect(try await Self.complete(["logs", "--tail", "5", "Api"]) == ["ApiGateway"])
        #expect(try await Self.complete(["schedule", "run", "pend"]) == ["pending-terminations"])
        #expect(try await Self.complete(["api", "GET", "/x", "--as", "cl"]) == ["client:"])
        #expect(
            Set(try await Self.complete(["db", "scan", "--"])) == [
                "--output", "--dynamodb-json", "--state", "--memory", "--no-drain",
                "--backend", "--endpoint",
            ]
        )
        #expect(try await Self.complete(["outbox", "list", "--output", "j"]) == ["json"])
        #expect(
            try await Self.complete(["invoke", "ApiGateway", "--event", "events/api/get-contract"]).contains(
                "events/api/get-contract.json"
            )
        )
        #expect(
            try await Self.complete(["api", "POST", "/x", "--body", "@events/api/create-cl"]) == [
                "@events/api/create-client.json"
            ]
        )
        #expect(try await Self.complete(["completion", ""]) == ["bash", "zsh"])
    }

    @Test func zshRunsTheSameFunctionThroughBashcompinit() async throws {
        let zsh = ShellCompletion.zsh
        let bash = ShellCompletion.bash
        #expect(zsh.contains("autoload -U +X bashcompinit && bashcompinit\n"))
        let function = try #require(bash.range(of: "_testex_local() {")).lowerBound
        #expect(zsh.hasSuffix(String(bash[function...])))
        #expect(
            try await Self.bash("bash -n <(testex-local completion bash) && testex-local completion zsh | head -3")
                .code == 0
        )
    }
}
