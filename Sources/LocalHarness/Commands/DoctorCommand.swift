import Foundation
import LocalAWS
import Shared

/// `doctor [--repair]`: checks the state directory, one line per problem (its path and what is
/// wrong); `--repair` fixes what can be fixed without losing acknowledged data. Exit 0 when the
/// state is healthy (after the repair), 1 while problems remain.
enum DoctorCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let repair = context.arguments.flag("--repair")
        try context.arguments.finish()
        guard !context.memory else { throw UsageError("doctor checks a state directory; --memory has none") }
        let state = context.state
        let known = [state.marker, state.dynamodb, state.s3].contains {
            FileManager.default.fileExists(atPath: $0.path)
        }
        guard known else {
            throw UsageError(
                "\(state.root.path) is not a testex-local state directory (no testex-state.json, dynamodb/ or s3/)"
            )
        }
        let doctor = Doctor(state: state, configuration: context.configuration, clock: context.clock)
        let console = context.console

        let found = try await doctor.run(repair: repair)
        let remaining = repair ? try await doctor.run(repair: false) : found
        if repair {
            let repaired = found.filter { $0.repaired != nil }
            for problem in repaired { console.out(problem.line) }
            for problem in remaining { console.out("not repaired: " + problem.line) }
            if !repaired.isEmpty { console.out("repaired \(count(repaired.count, "problem"))") }
        } else {
            for problem in found { console.out(problem.line) }
        }
        noteQuarantine(state, console)
        guard remaining.isEmpty else {
            let fixable = remaining.filter { $0.fix != .none }.count
            console.out(
                repair
                    ? "\(count(remaining.count, "problem")) \(remaining.count == 1 ? "needs" : "need") a person"
                    : "\(count(remaining.count, "problem")); `testex-local doctor --repair` fixes \(fixable) of them"
            )
            return TestexLocal.Exit.handlerError
        }
        console.out("healthy: \(state.root.path)")
        return TestexLocal.Exit.success
    }

    /// What a repair set aside stays until a person deletes it.
    private static func noteQuarantine(_ state: StateDirectory, _ console: Console) {
        let quarantine = state.root.appendingPathComponent("quarantine")
        guard
            let files = FileManager.default.enumerator(atPath: quarantine.path)?.compactMap({ $0 as? String })
                .filter({ !FileManager.default.isDirectory(quarantine.appendingPathComponent($0)) }), !files.isEmpty
        else { return }
        console.out(
            "note: quarantine/ holds \(count(files.count, "file")) set aside by doctor --repair; "
                + "inspect them, then delete them"
        )
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

extension FileManager {
    fileprivate func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}
