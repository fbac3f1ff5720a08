import Cryptography
import Foundation
import LocalAWS
import Shared

/// `init [--sample-data]` and `reset [--sample-data]`.
enum StateCommands {
    @Sendable static func initialize(_ context: CommandContext) async throws -> Int32 {
        let sample = context.arguments.flag("--sample-data")
        try context.arguments.finish()
        let system = try await context.openSystem(runsFunctions: true)
        try await report(system, sample: sample, context: context)
        return TestexLocal.Exit.success
    }

    @Sendable static func reset(_ context: CommandContext) async throws -> Int32 {
        let sample = context.arguments.flag("--sample-data")
        try context.arguments.finish()
        if case .aws = context.backend {
            throw UsageError(
                "reset empties the local state only; with --backend aws delete the tables and buckets at the endpoint "
                    + "(or restart the emulator) and run init"
            )
        }
        let root = context.state.root
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        if !entries.isEmpty {
            let onlyState = entries.allSatisfy {
                StateDirectory.layoutNames.contains($0) || DurableFile.isTemporary($0)
            }
            guard context.state.isInitialized || onlyState else {
                throw UsageError(
                    "refusing to empty \(root.path): it is not a testex-local state directory (no testex-state.json)"
                )
            }
            // The marker goes last: a reset stopped half-way still leaves a directory `reset` recognizes.
            let marker = context.state.marker.lastPathComponent
            for entry in entries.sorted(by: { ($0 == marker ? 1 : 0, $0) < ($1 == marker ? 1 : 0, $1) }) {
                try FileManager.default.removeItem(at: root.appendingPathComponent(entry))
            }
        }
        let system = try await context.openSystem(runsFunctions: true)
        context.console.out("reset \(root.path)")
        try await report(system, sample: sample, context: context)
        return TestexLocal.Exit.success
    }

    private static func report(_ system: LocalSystem, sample: Bool, context: CommandContext) async throws {
        context.console.out("state: \(context.memory ? "(memory)" : context.state.root.path)")
        if case .aws(let remote) = context.backend { context.console.out("backend: \(remote.description)") }
        context.console.out("tables: \(try await system.tables.listTables().sorted().joined(separator: ", "))")
        if sample {
            let created = try await SampleData.seed(system)
            context.console.out(
                created.isEmpty
                    ? "sample data: already present" : "sample data: created \(created.joined(separator: ", "))"
            )
            reportUsers(try await SampleUsers.seed(system), console: context.console)
        }
    }

    /// The only time the passwords are shown: only their hashes are stored.
    private static func reportUsers(_ credentials: [SampleUsers.Credential], console: Console) {
        guard !credentials.isEmpty else {
            console.out(
                "sample users: already present (their passwords were shown when they were created; `token "
                    + "--as` mints tokens without one)"
            )
            return
        }
        console.out("sample users (local only; passwords are shown once and stored only as PBKDF2 hashes):")
        for user in credentials {
            let role = user.clientId.map { "client of \($0)" } ?? user.role.rawValue
            console.out(
                "  \(user.username.padding(toLength: 16, withPad: " ", startingAt: 0)) "
                    + "\(role.padding(toLength: 20, withPad: " ", startingAt: 0)) password: \(user.password)"
            )
        }
        console.out(#"sign in: testex-local api POST /auth --body '{"username":"admin","password":"<password>"}'"#)
    }
}
