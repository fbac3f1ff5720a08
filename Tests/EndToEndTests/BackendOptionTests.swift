import Foundation
import Testing

/// `--backend` and `--endpoint`: what is refused before anything is opened or written.
@Suite("Choosing the backend")
struct BackendOptionTests {
    @Test(arguments: [
        (["--backend", "nope", "db", "tables"], "unknown backend 'nope'; one of local, aws"),
        (["--endpoint", "http://127.0.0.1:5000", "db", "tables"], "--endpoint needs --backend aws"),
        (["--backend", "aws", "--endpoint", "ftp://x", "db", "tables"], "endpoint ftp://x is not an http(s) URL"),
        (["--backend", "aws", "--memory", "db", "tables"], "cannot be combined with --backend aws"),
    ])
    func badChoicesAreUsageErrors(words: [String], message: String) async throws {
        var harness = Harness()
        harness.environment["AWS_ACCESS_KEY_ID"] = "testing"
        harness.environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        defer { harness.remove() }
        let result = await harness.run(words)
        #expect(result.code == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: harness.state.path), "nothing written")
    }

    @Test func theAWSBackendNamesTheMissingCredentials() async throws {
        var harness = Harness()
        harness.environment["AWS_ACCESS_KEY_ID"] = nil
        harness.environment["AWS_SECRET_ACCESS_KEY"] = nil
        defer { harness.remove() }
        let result = await harness.run("--backend", "aws", "--endpoint", "http://127.0.0.1:9", "init")
        #expect(result.code == 2)
        #expect(result.stderr.contains("AWS_ACCESS_KEY_ID"), "\(result.stderr)")
    }

    @Test func resetIsRefusedWithTheAWSBackend() async throws {
        var harness = Harness()
        harness.environment["AWS_ACCESS_KEY_ID"] = "testing"
        harness.environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        defer { harness.remove() }
        let result = await harness.run("--backend", "aws", "--endpoint", "http://127.0.0.1:9", "reset")
        #expect(result.code == 2)
        #expect(result.stderr.contains("reset empties the local state only"), "\(result.stderr)")
    }
}
