import Foundation
import Shared

/// `logs <Function> [--tail N]`: the function's CloudWatch log group, oldest first.
enum LogsCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let tail = try context.arguments.option("--tail")
        let name = try context.arguments.next("function name (e.g. ContractProcessor)")
        try context.arguments.finish()
        guard let function = FunctionName(lenient: name) else {
            throw UsageError("unknown function '\(name)'; one of \(FunctionName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var count: Int?
        if let tail {
            guard let parsed = Int(tail), parsed > 0 else { throw UsageError("--tail needs a positive number") }
            count = parsed
        }
        let system = try await context.openSystem()
        let group = function.logGroup(system.configuration)
        let events: [LogEvent]
        if let count {
            events = try await system.logs.tail(group: group, count: count)
        } else {
            events = try await system.logs.read(group: group, stream: nil)
        }
        if events.isEmpty { context.console.err("no log events in \(group)") }
        for event in events { context.console.out(event.line) }
        return TestexLocal.Exit.success
    }
}
