import Foundation
import Shared
import WireFormat

/// `schedule list` and `schedule run <rule> [--at TIME]`: the EventBridge schedule rules. A run
/// sends the rule's target the "Scheduled Event" EventBridge would send at that time, as an
/// asynchronous invocation, runs it, and prints what the target answered.
enum ScheduleCommand {
    @Sendable static func list(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        try context.arguments.finish()
        let now = context.clock.now()
        var rows: [JSONValue] = []
        for rule in Schedules.all {
            let next = rule.expression.next(after: now).map(Timestamp.string)
            if format == .json {
                rows.append([
                    "name": .string(rule.name), "schedule": .string(rule.expression.description),
                    "target": .string(rule.target.rawValue), "next": next.map(JSONValue.string) ?? .null,
                    "description": .string(rule.description),
                ])
                continue
            }
            context.console.out(
                [
                    rule.name.padding(toLength: 20, withPad: " ", startingAt: 0),
                    rule.expression.description.padding(toLength: 18, withPad: " ", startingAt: 0),
                    rule.target.rawValue, "next \(next ?? "-")", rule.description,
                ].joined(separator: "  ")
            )
        }
        if format == .json { context.console.out(JSON.string(JSONValue.array(rows))) }
        return TestexLocal.Exit.success
    }

    @Sendable static func runRule(_ context: CommandContext) async throws -> Int32 {
        let (rule, time) = try ruleAndTime(context)
        let event = rule.event(
            at: time,
            configuration: context.configuration,
            region: context.configuration.region,
            account: LocalSystem.account
        )
        let system = try await context.openSystem(runsFunctions: true)
        let receipt = try await system.lambda.invokeAsync(rule.target, event, parent: nil)
        guard context.drainsAfterCommand else {
            context.console.out(JSON.string(receipt, pretty: true))
            return TestexLocal.Exit.success
        }
        let report = try await system.drain()
        DrainOutput.problems(report, console: context.console)
        switch report.outcome(of: receipt.requestId) {
        case .succeeded(_, let output)?:
            context.console.out(PrettyJSON.string(output))
            return TestexLocal.Exit.success
        case .willRetry(_, let error)?:
            context.console.out(JSON.string(error, pretty: true))
            return TestexLocal.Exit.handlerError
        case .deadLettered(let letter)?:
            context.console.out(JSON.string(letter.error, pretty: true))
            return TestexLocal.Exit.handlerError
        case nil:
            let queued = "\(rule.name) is queued as \(receipt.requestId)"
            context.console.err("testex-local: \(queued) (see `testex-local queue list`)")
            return TestexLocal.Exit.success
        }
    }

    /// `<rule> [--at TIME]`: the rule by name and the time of the firing (the clock when not given).
    static func ruleAndTime(_ context: CommandContext) throws -> (ScheduleRule, Date) {
        let at = try context.arguments.option("--at")
        let name = try context.arguments.next("rule name (\(Schedules.all.map(\.name).joined(separator: ", ")))")
        try context.arguments.finish()
        guard let rule = Schedules.rule(named: name) else {
            throw UsageError(
                "unknown schedule rule '\(name)'; one of \(Schedules.all.map(\.name).joined(separator: ", "))"
            )
        }
        guard let at else { return (rule, context.clock.now()) }
        guard let time = Timestamp.parse(at) ?? Timestamp.parseDay(at) else {
            throw UsageError("--at \(at) is not an ISO-8601 time such as 2026-12-16T00:00:00Z")
        }
        return (rule, time)
    }
}
