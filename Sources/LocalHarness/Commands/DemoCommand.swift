import Foundation
import Shared
import WireFormat

/// `demo`: the termination flow end to end on the sample data, printing every step as the
/// command a person would type and what it answered.
enum DemoCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        try context.arguments.finish()
        var words: [String] = []
        if context.memory { words.append("--memory") }
        if !context.memory { words += ["--state", context.state.root.path] }
        let demo = Demo(context: context, prefix: words)
        return try await demo.walk()
    }
}

private struct Demo {
    let context: CommandContext
    let prefix: [String]
    var console: Console { context.console }

    func walk() async throws -> Int32 {
        console.out("TESTEX demo: a contract from creation to termination, on local AWS stand-ins.")
        console.out("State directory: \(context.memory ? "(memory)" : context.state.root.path)\n")
        _ = try await step("Create the tables, buckets, templates and sample data", ["init", "--sample-data"])
        // The walk's own metrics are those written from here on (with TESTEX_NOW fixed, all are).
        let started = Timestamp.string(context.clock.now())

        let body =
            #"{"client_id":"CL001XYZ","contract_type":"SERVICE","start_date":"2026-01-01","end_date":"2027-06-30","#
            + #""value":"18500.00","currency":"EUR","description":"Support & maintenance (premium), response < 4h"}"#
        let created = try await step(
            "Create a contract for client CL001XYZ (as an external system)",
            ["api", "POST", "/api/contracts", "--body", body, "--as", "system"]
        )
        guard let id = created.json?["contract_id"]?.stringValue else { return fail("the contract was not created") }

        let document = Data("Scope of work for \(id): 24/7 support, quarterly reviews.\n".utf8).base64EncodedString()
        let upload = #"{"filename":"scope of work.txt","content_type":"text/plain","content_base64":"\#(document)"}"#
        let uploaded = try await step(
            "Upload a document to the contract",
            ["api", "POST", "/api/contracts/\(id)/files", "--body", upload, "--as", "admin"]
        )
        guard uploaded.code == 0 else { return fail("the upload failed") }

        let termination = #"{"reason":"MUTUAL_AGREEMENT","notes":"Agreed in the call of 21 Nov & confirmed by email"}"#
        let terminated = try await step(
            "Terminate it (the whole flow: status, audit, backup, archive, notice)",
            [
                "api", "POST", "/api/contracts/\(id)/terminate", "--body", termination,
                "--header", "Idempotency-Key: demo-\(id)", "--as", "client:CL001XYZ",
            ]
        )
        guard terminated.code == 0 else { return fail("the termination failed") }
        try await showWhatFollowed(id, since: started)
        console.out("Done. Look around: testex-local db scan contracts | s3 ls | outbox list | logs ApiGateway")
        return TestexLocal.Exit.success
    }

    /// What the termination left: the refused second attempt, the audit trail, the backup, the
    /// archive, the notice, the log stream and the metrics written since `started`.
    private func showWhatFollowed(_ id: String, since started: String) async throws {
        _ = try await step(
            "Terminate again: the contract is final, so 409",
            [
                "api", "POST", "/api/contracts/\(id)/terminate", "--body",
                #"{"reason":"DUPLICATE"}"#, "--as", "admin",
            ]
        )
        _ = try await step("The audit trail", ["api", "GET", "/api/contracts/\(id)/audit", "--as", "admin"])
        _ = try await step(
            "The backup of the contract as it was (versioned bucket)",
            ["s3", "ls", "s3://\(Buckets(context.configuration).backups)/contracts/\(id)/"]
        )
        _ = try await step(
            "The archived document",
            ["s3", "ls", "--recursive", "s3://\(Buckets(context.configuration).archives)/contracts/\(id)/"]
        )
        let outbox = try await step("The SES outbox", ["outbox", "list"], quiet: true)
        let line = outbox.stdout.split(separator: "\n").last { $0.contains("Termination of contract \(id)") }
        if let messageId = line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first {
            _ = try await step(
                "The termination notice as the client receives it",
                ["outbox", "show", String(messageId)]
            )
        }
        _ = try await step("ContractProcessor's log stream", ["logs", "ContractProcessor", "--tail", "8"])
        _ = try await step(
            "The business metrics of this walk, summed from the log streams (Embedded Metric Format)",
            ["metrics", "--since", started]
        )
    }

    struct Outcome {
        let code: Int32
        let stdout: String
        var json: [String: JSONValue]? { try? JSON.decode([String: JSONValue].self, from: Data(stdout.utf8)) }
    }

    /// Prints the step, the command line and what it printed.
    func step(_ title: String, _ words: [String], quiet: Bool = false) async throws -> Outcome {
        console.out("==> \(title)")
        console.out("$ testex-local \(words.map(Demo.quote).joined(separator: " "))")
        let capture = Console(capture: true)
        let code = await TestexLocal.run(
            prefix + words,
            environment: context.environment,
            console: capture,
            standardInput: context.standardInput,
            currentDirectory: context.currentDirectory
        )
        if !capture.stderr.isEmpty { console.out(capture.stderr.trimmingCharacters(in: .newlines)) }
        if !capture.stdout.isEmpty { console.out(capture.stdout.trimmingCharacters(in: .newlines)) }
        console.out("")
        return Outcome(code: code, stdout: capture.stdout)
    }

    func fail(_ message: String) -> Int32 {
        console.err("testex-local: demo stopped: \(message)")
        return TestexLocal.Exit.handlerError
    }

    static func quote(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "-_/.:@".contains($0) }
            ? word : "'\(word.replacingOccurrences(of: "'", with: "'\\''"))'"
    }
}
