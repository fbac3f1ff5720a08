import AWSHarness
import Foundation
import LocalHarness
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs `testex-local` commands in-process on a temporary state directory. With
/// `TESTEX_BACKEND=aws TESTEX_ENDPOINT=<moto_server>` in the environment the same commands run
/// on DynamoDB, S3 and SES at that endpoint, which each seeded harness empties first (run such
/// suites with `--no-parallel`); `files(under: "s3/...")` then lists the endpoint's objects.
struct Harness {
    let state: URL
    var environment: [String: String]

    /// `--backend aws` for in-process runs, registered once (a static let initializes exactly once).
    static let awsBackendRegistered: Void = AWSBackend.register()

    init(now: String? = "2026-11-22T10:00:00Z") {
        _ = Harness.awsBackendRegistered
        state = FileManager.default.temporaryDirectory.appendingPathComponent("testex-e2e-\(UUID().uuidString)")
        // Timeouts are wall-clock; this process runs hundreds of invocations at once on two cores.
        environment = ["TESTEX_STATE_DIR": state.path, "TESTEX_TIMEOUT_SCALE": "20"]
        if let now { environment["TESTEX_NOW"] = now }
        if Self.endpoint != nil {
            for name in [
                "TESTEX_BACKEND", "TESTEX_ENDPOINT", "TESTEX_STACK", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
            ] {
                environment[name] = ProcessInfo.processInfo.environment[name]
            }
        }
    }

    /// The moto_server the AWS backend runs against, when the environment names one.
    static let endpoint: URL? = {
        let variables = ProcessInfo.processInfo.environment
        guard variables["TESTEX_BACKEND"] == "aws", let text = variables["TESTEX_ENDPOINT"] else { return nil }
        return URL(string: text)
    }()

    struct Result {
        let code: Int32
        let stdout: String
        let stderr: String

        /// The stdout parsed as JSON.
        func json() throws -> [String: Any] {
            try #require(
                JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any],
                "stdout is not a JSON object: \(stdout)"
            )
        }
    }

    @discardableResult
    func run(_ words: String..., stdin: String = "") async -> Result {
        await run(words, stdin: stdin)
    }

    func run(_ words: [String], stdin: String = "") async -> Result {
        let console = Console(capture: true)
        let input = Data(stdin.utf8)
        let code = await TestexLocal.run(
            words,
            environment: environment,
            console: console,
            standardInput: { input },
            currentDirectory: Harness.repositoryRoot.path
        )
        return Result(code: code, stdout: console.stdout, stderr: console.stderr)
    }

    /// A fresh state with the sample data: a copy of one `init --sample-data` state made once
    /// per test process (its sample users' password hashes are slow by design).
    static func seeded() async throws -> Harness {
        if let endpoint {
            var reset = URLRequest(url: endpoint.appendingPathComponent("moto-api/reset"))
            reset.httpMethod = "POST"
            _ = try await URLSession.shared.data(for: reset)
            try deployStack(at: endpoint)
            // The endpoint was just emptied: seed it afresh (a copied local state would not match it).
            let harness = Harness()
            let result = await harness.run("init", "--sample-data")
            try #require(result.code == 0, "init failed: \(result.stderr)")
            return harness
        }
        let harness = Harness()
        let template = try await SeededTemplate.shared.state()
        try FileManager.default.copyItem(at: template.state, to: harness.state)
        return harness
    }

    /// The passwords `init --sample-data` printed for the seeded states, by username.
    /// With `TESTEX_STACK` and `TESTEX_STACK_TEMPLATE` (a template `scripts/deploy_moto.py --save`
    /// wrote), the emptied endpoint gets the stack again, so each test runs on the tables and
    /// buckets CloudFormation created, not on ones the harness made.
    static func deployStack(at endpoint: URL) throws {
        let variables = ProcessInfo.processInfo.environment
        guard let stack = variables["TESTEX_STACK"], let template = variables["TESTEX_STACK_TEMPLATE"] else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = repositoryRoot.appendingPathComponent("scripts/deploy_moto.py").path
        process.arguments = ["python3", script, endpoint.absoluteString, stack, "--from", template]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "deploying stack \(stack) again failed")
    }

    static func samplePasswords() async throws -> [String: String] {
        try await SeededTemplate.shared.state().passwords
    }

    func remove() {
        try? FileManager.default.removeItem(at: state)
    }

    /// Every file under the state directory with its bytes, to prove a rejected request wrote
    /// nothing. CloudWatch logs are left out: every invocation is logged, accepted or not.
    func snapshot() -> [String: Data] {
        var files: [String: Data] = [:]
        guard
            let enumerator = FileManager.default.enumerator(at: state, includingPropertiesForKeys: [.isRegularFileKey])
        else { return files }
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            if url.lastPathComponent == ".lock" || url.path.hasPrefix(state.appendingPathComponent("logs").path) {
                continue
            }
            files[url.path] = FileManager.default.contents(atPath: url.path)
        }
        return files
    }

    /// The files of a folder under the state directory, by path relative to it. With the AWS
    /// backend, `s3/<bucket>/<prefix>` names the endpoint's objects under that prefix, one
    /// `<key>.object` each as the stand-in names its data files.
    func files(under folder: String) -> [String] {
        if Self.endpoint != nil, folder.hasPrefix("s3/") { return remoteObjects(under: String(folder.dropFirst(3))) }
        let root = state.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { !$0.hasSuffix(".lock") }.sorted()
    }

    /// `testex-local s3 ls --recursive` in a child process, so this stays synchronous.
    private func remoteObjects(under path: String) -> [String] {
        guard let binary = ProcessRaceTests.binary else { return [] }
        let prefix = path.hasSuffix("/") ? path : path + "/"
        let process = Process()
        process.executableURL = binary
        process.arguments = ["s3", "ls", "--recursive", "s3://\(prefix)"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let keyPrefix = String(prefix.drop { $0 != "/" }.dropFirst())
        // Each line is `<24-character time> <size padded to 10> <key>`.
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { String($0.dropFirst(36)) }
            .filter { $0.hasPrefix(keyPrefix) }.map { String($0.dropFirst(keyPrefix.count)) + ".object" }.sorted()
    }

    /// The sample users' passwords `init --sample-data` printed, by username.
    static func passwords(printedBy output: String) -> [String: String] {
        var passwords: [String: String] = [:]
        for line in output.split(separator: "\n") where line.contains("password: ") {
            let words = line.split(separator: " ")
            if let name = words.first, let password = words.last { passwords[String(name)] = String(password) }
        }
        return passwords
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// The one seeded state every `Harness.seeded()` copies, made on first use. The task is kept,
/// not its result, so callers arriving while it runs wait for the same one.
actor SeededTemplate {
    static let shared = SeededTemplate()
    private var making: Task<(state: URL, passwords: [String: String]), Error>?
    /// Written once, before the exit handler that reads it is registered.
    nonisolated(unsafe) static var removedAtExit: String?

    func state() async throws -> (state: URL, passwords: [String: String]) {
        if let making { return try await making.value }
        let task = Task { try await Self.make() }
        making = task
        return try await task.value
    }

    private static func make() async throws -> (state: URL, passwords: [String: String]) {
        let harness = Harness()
        let result = await harness.run("init", "--sample-data")
        try #require(result.code == 0, "init failed: \(result.stderr)")
        let passwords = Harness.passwords(printedBy: result.stdout)
        removedAtExit = harness.state.path
        atexit { if let path = SeededTemplate.removedAtExit { try? FileManager.default.removeItem(atPath: path) } }
        return (harness.state, passwords)
    }
}

extension Process {
    /// Waits for the process on a Dispatch queue, so the concurrency pool stays free for the tests
    /// running meanwhile (their invocations run against wall-clock timeouts).
    func exited() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue(label: "testex.tests.process-wait").async {
                self.waitUntilExit()
                continuation.resume()
            }
        }
    }
}
