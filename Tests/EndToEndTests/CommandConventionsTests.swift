import Foundation
import Testing

@testable import LocalHarness

/// The conventions every command follows: `--help`, one-line usage errors that create
/// nothing, standard input wherever a file is read, the documented exit codes.
@Suite("Command-line conventions")
struct CommandConventionsTests {
    /// One mistyped command line per command of the table.
    static let mistakes: [String: [String]] = [
        "invoke": ["invoke", "Nope"],
        "api": ["api", "FETCH", "/api/contracts"],
        "generate-event api": ["generate-event", "api", "GET", "api/contracts"],
        "generate-event schedule": ["generate-event", "schedule", "nightly"],
        "generate-event dynamodb": ["generate-event", "dynamodb", "contracts"],
        "token": ["token", "--as", "root"],
        "serve": ["serve", "--port", "99999"],
        "openapi": ["openapi", "--yaml"],
        "init": ["init", "--sample"],
        "reset": ["reset", "now"],
        "demo": ["demo", "--fast"],
        "doctor": ["doctor", "--fix"],
        "db tables": ["db", "tables", "contracts"],
        "db scan": ["db", "scan", "nosuch"],
        "db get": ["db", "get", "contracts"],
        "s3 ls": ["s3", "ls", "development-testex-files/contracts"],
        "s3 cat": ["s3", "cat", "s3://development-testex-files"],
        "s3 get-url": ["s3", "get-url", "https://example.com/file.pdf"],
        "s3 put-url": ["s3", "put-url", "https://s3.localhost/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"],
        "outbox list": ["outbox", "list", "--all"],
        "outbox show": ["outbox", "show"],
        "logs": ["logs", "ApiGateway", "--tail", "zero"],
        "metrics": ["metrics", "--since", "yesterday"],
        "queue list": ["queue", "list", "--output", "yaml"],
        "queue dlq": ["queue", "dlq", "everything"],
        "queue show": ["queue", "show"],
        "queue drain": ["queue", "drain", "--now"],
        "queue redrive": ["queue", "redrive", "one", "two"],
        "stream mappings": ["stream", "mappings", "all"],
        "stream list": ["stream", "list", "clients"],
        "stream show": ["stream", "show"],
        "stream replay": ["stream", "replay", "contracts-stream"],
        "webhooks list": ["webhooks", "list", "--status", "LOST"],
        "webhooks show": ["webhooks", "show"],
        "webhooks redeliver": ["webhooks", "redeliver", "WD1", "WD2"],
        "templates list": ["templates", "list", "extra"],
        "templates show": ["templates", "show", "termination-notice", "--version", "first"],
        "templates versions": ["templates", "versions"],
        "campaign run": ["campaign", "run", "rows.csv", "--reason", "R", "--at", "soon"],
        "executions list": ["executions", "list", "--status", "sideways"],
        "executions show": ["executions", "show"],
        "schedule list": ["schedule", "list", "--verbose"],
        "schedule run": ["schedule", "run", "contract-expiry", "--at", "yesterday"],
        "completion": ["completion", "fish"],
        "help": ["help", "nosuch"],
        "version": ["version", "--short"],
    ]

    @Test func everyCommandHasAMistakeToTry() {
        #expect(Set(Self.mistakes.keys) == Set(Commands.all.map { $0.words.joined(separator: " ") }))
    }

    @Test(arguments: Commands.all.map(\.words))
    func helpOfEveryCommandPrintsItsUsageAndCreatesNothing(words: [String]) async {
        let harness = Harness()
        defer { harness.remove() }
        for line in [words + ["--help"], words + ["-h"], ["help"] + words] {
            let result = await harness.run(line)
            #expect(result.code == 0, "\(line): \(result.stderr)")
            #expect(result.stdout.hasPrefix("Usage: testex-local \(words.joined(separator: " "))"), "\(line)")
            #expect(result.stderr.isEmpty, "\(line)")
        }
        #expect(!FileManager.default.fileExists(atPath: harness.state.path))
    }

    @Test(arguments: Self.mistakes.sorted { $0.key < $1.key })
    func aMistypedCommandLineIsOneLineOnStderrExit2AndCreatesNothing(mistake: (key: String, value: [String])) async {
        let harness = Harness()
        defer { harness.remove() }
        let result = await harness.run(mistake.value)
        #expect(result.code == 2, "\(mistake.value): exit \(result.code), \(result.stderr)")
        #expect(
            result.stderr.split(separator: "\n").count == 1 && result.stderr.hasPrefix("testex-local: "),
            "\(mistake.value): \(result.stderr)"
        )
        #expect(result.stdout.isEmpty, "\(mistake.value): \(result.stdout)")
        #expect(
            !FileManager.default.fileExists(atPath: harness.state.path),
            "\(mistake.value) created the state directory"
        )
    }

    @Test func noArgumentsPrintsUsageAndExits2() async {
        let harness = Harness()
        defer { harness.remove() }
        let result = await harness.run([])
        #expect(result.code == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Usage: testex-local"))
        #expect(!FileManager.default.fileExists(atPath: harness.state.path))
    }

    @Test(arguments: [
        "TESTEX_TIMEOUT_SCALE=0", "TESTEX_TIMEOUT_SCALE=fast", "AWS_REGION=moon", "LOG_LEVEL=LOUD",
        "TESTEX_NOW=soon",
    ])
    func aBadEnvironmentVariableIsAUsageErrorNamingIt(assignment: String) async {
        var harness = Harness()
        defer { harness.remove() }
        let parts = assignment.split(separator: "=").map(String.init)
        harness.environment[parts[0]] = parts[1]
        let result = await harness.run("db", "tables")
        #expect(result.code == 2 && result.stderr.hasPrefix("testex-local: \(assignment) "), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: harness.state.path))
    }

    @Test func groupsListTheirSubcommandsAndRefuseUnknownOnes() async {
        let harness = Harness()
        defer { harness.remove() }
        let help = await harness.run("db", "--help")
        #expect(
            help.code == 0 && help.stdout.contains("db scan <table>") && help.stdout.contains("db get <table> <key>")
        )
        #expect(await harness.run("help", "queue").stdout.contains("`testex-local queue` alone runs `queue list`"))
        let unknown = await harness.run("db", "drop", "contracts")
        #expect(
            unknown.code == 2
                && unknown.stderr == "testex-local: unknown db subcommand 'drop'; one of tables, scan, get\n"
        )
        #expect(await harness.run("db").stderr == "testex-local: db needs a subcommand: one of tables, scan, get\n")
        // --help as an option's value or after -- is not a request for help.
        let literal = await harness.run("generate-event", "api", "POST", "/api/notifications", "--body", "--help")
        #expect(literal.code == 0 && literal.stdout.contains(#""body" : "--help""#))
    }

    @Test func standardInputIsReadWhereverAFileOrBodyIsTaken() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let event = try String(
            contentsOf: Harness.repositoryRoot.appendingPathComponent("events/api/get-contract.json"),
            encoding: .utf8
        )
        for source in ["-", "@-"] {
            let invoked = await harness.run(["invoke", "ApiGateway", "--event", source], stdin: event)
            #expect(
                invoked.code == 0 && invoked.stdout.contains(#""statusCode" : 200"#),
                "--event \(source): \(invoked.stderr)"
            )
        }
        for source in ["-", "@-"] {
            let sent = await harness.run(
                ["api", "PUT", "/api/contracts/CT002DEF", "--as", "admin", "--body", source],
                stdin: #"{"description":"from stdin \#(source)"}"#
            )
            #expect(sent.code == 0 && sent.stdout.contains("from stdin \(source)"), "--body \(source): \(sent.stderr)")
        }
        let missing = await harness.run("invoke", "ApiGateway", "--event", "events/none.json")
        #expect(missing.code == 2 && missing.stderr == "testex-local: cannot read events/none.json: no such file\n")
        let directory = await harness.run("invoke", "ApiGateway", "--event", "events")
        #expect(directory.code == 2 && directory.stderr == "testex-local: cannot read events: it is a directory\n")
    }

    @Test func aMissingBucketAnswersLikeAMissingKey() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        for words in [
            ["s3", "ls", "s3://no-such-bucket/"], ["s3", "cat", "s3://no-such-bucket/key"],
            ["s3", "cat", "s3://development-testex-files/no/such/key"], ["db", "get", "contracts", "CT999999"],
            ["outbox", "show", "nope"], ["queue", "show", "nope"], ["queue", "redrive", "nope"],
        ] {
            let result = await harness.run(words)
            #expect(result.code == 4, "\(words): \(result.code) \(result.stderr)")
            #expect(
                result.stderr.split(separator: "\n").count == 1 && result.stderr.hasPrefix("testex-local: no "),
                "\(words): \(result.stderr)"
            )
        }
    }
}
