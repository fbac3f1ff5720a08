import Foundation
import Testing

@testable import LocalHarness

/// The README cannot drift from the program: its walkthrough is run as written and compared,
/// and its CLI reference is the command table's.
@Suite("README")
struct ReadmeTests {
    static func readme() throws -> String {
        try String(contentsOf: Harness.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// Every `$ ` command of the walkthrough, run in order by bash from the repository root on a
    /// fresh state with the README's `TESTEX_NOW`; what it prints (stderr and stdout as a
    /// terminal shows them) must be what the README shows, ids and times aside.
    @Test func everyWalkthroughCommandRunsAsWrittenAndPrintsWhatTheReadmeShows() async throws {
        let walkthrough = try Walkthrough(markdown: try Self.readme(), heading: "## Walkthrough")
        #expect(walkthrough.steps.count >= 8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "testex-readme-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = [
            "TESTEX_NOW": "2026-11-22T10:00:00Z", "TESTEX_STATE_DIR": directory.appendingPathComponent(".testex").path,
        ]
        for step in walkthrough.steps {
            #expect(
                step.command.hasPrefix("testex-local "),
                "README.md:\(step.line): the walkthrough runs testex-local only"
            )
            let output = try await ShellTests.bash("exec 2>&1\n" + step.command, environment: environment)
            let printed = Walkthrough.trimmed(output.stdout.components(separatedBy: "\n"))
            let expected = step.expected.map(Walkthrough.normalize)
            let actual = printed.map(Walkthrough.normalize)
            #expect(
                Walkthrough.matches(expected[...], actual[...]),
                """
                README.md:\(step.line): `\(step.command)` printed what the README does not show.
                --- the README shows (normalized; `...` stands for any lines or text):
                \(expected.joined(separator: "\n"))
                --- it printed (normalized):
                \(actual.joined(separator: "\n"))
                --- it printed (as is; paste over the README's block, with `...` where it varies):
                \(printed.joined(separator: "\n"))
                """
            )
        }
    }

    @Test func theCLIReferenceIsTheCommandTable() throws {
        let readme = try Self.readme()
        #expect(
            readme.contains("```\n" + Help.commandList + "\n```"),
            """
            README.md's CLI reference differs from the command table; replace its first block with:
            \(Help.commandList)
            """
        )
    }

    @Test func theMatcherTellsADifferentOutputFromTheShownOne() {
        let shown = ["HTTP 200", "{", "...", #"  "status" : "TERMINATED","#, "...", "}"]
        let printed = ["HTTP 200", "{", #"  "a" : 1,"#, #"  "status" : "TERMINATED","#, #"  "z" : 2"#, "}"]
        #expect(Walkthrough.matches(shown[...], printed[...]))
        #expect(
            !Walkthrough.matches(
                shown[...],
                printed.map { $0.replacingOccurrences(of: "TERMINATED", with: "ACTIVE") }[...]
            )
        )
        #expect(!Walkthrough.matches(["HTTP 200"][...], ["HTTP 409"][...]))
        #expect(!Walkthrough.matches(["a"][...], ["a", "b"][...]))
        #expect(
            Walkthrough.lineMatches(
                #"{ "body" : "...\"status\":\"SUSPENDED\"...", ... }"#,
                #"{ "body" : "x\"status\":\"SUSPENDED\"y", "z" : 1 }"#
            )
        )
        #expect(!Walkthrough.lineMatches("a...b", "ab-"))
        #expect(
            Walkthrough.normalize("2026-11-22T10:00:00.025Z\tEND RequestId: df7fbdf0-c353-4eb1-a65f-70807f84630e")
                == "<time>\tEND RequestId: <uuid>"
        )
        #expect(Walkthrough.normalize("healthy: /home/me/testex/.testex") == "healthy: <state>")
        #expect(
            Walkthrough.normalize("Duration: 25.65 ms\tBilled Duration: 26 ms\tMax Memory Used: 35 MB")
                == "Duration: <n> ms\tBilled Duration: <n> ms\tMax Memory Used: <n> MB"
        )
    }
}
