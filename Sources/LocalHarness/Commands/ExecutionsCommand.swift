import Foundation
import LocalAWS
import Shared
import WireFormat

/// `executions list | show <id>`: the campaign state machine's executions, as
/// `ListExecutions`, `DescribeExecution` and `GetExecutionHistory` give them.
enum ExecutionsCommand {
    @Sendable static func list(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        try context.arguments.finish()
        let system = try await context.openSystem()
        let records = try await system.executions.executions()
        if format == .json {
            context.console.out(JSON.string(records.map(Summary.init)))
            return TestexLocal.Exit.success
        }
        if records.isEmpty { context.console.err("no executions") }
        for record in records {
            let waiting = record.position?.waitUntil.map { "  waiting until \($0)" } ?? ""
            context.console.out(
                [
                    record.startDate, record.name,
                    record.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0),
                    "\(record.events.count) events",
                    record.position.map { "at \($0.state)" } ?? (record.stopDate ?? ""),
                ]
                .joined(separator: "  ") + waiting
            )
        }
        return TestexLocal.Exit.success
    }

    /// The execution, then its history: one line per event (id, time, type, the state or task).
    @Sendable static func show(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let name = try context.arguments.next("execution name or ARN (see `executions list`)")
        try context.arguments.finish()
        let system = try await context.openSystem()
        let short = String(name.split(separator: ":").last ?? "")
        guard let record = try await system.executions.execution(short) else { throw NotFound("no execution \(name)") }
        if format == .json {
            context.console.out(
                JSON.string(
                    [
                        "execution": try JSONValue(encoding: Summary(record)),
                        "events": try JSONValue(encoding: record.events),
                    ],
                    pretty: true
                )
            )
            return TestexLocal.Exit.success
        }
        context.console.out(
            "\(record.executionArn)\n\(record.status.rawValue)  started \(record.startDate)"
                + (record.stopDate.map { "  stopped \($0)" } ?? "")
                + (record.error.map { "  \($0): \(record.cause ?? "")" } ?? "")
        )
        for event in record.events {
            context.console.out(
                "\(String(event.id).padding(toLength: 5, withPad: " ", startingAt: 0)) \(event.timestamp)  "
                    + "\(event.type.padding(toLength: 22, withPad: " ", startingAt: 0)) \(describe(event))"
            )
        }
        return TestexLocal.Exit.success
    }

    static func describe(_ event: HistoryEvent) -> String {
        guard let details = event.details else { return "" }
        if let name = details["name"]?.stringValue {
            return name + (details["index"]?.numberValue.map { " #\($0)" } ?? "")
        }
        if let error = details["error"]?.stringValue {
            return "\(error): \(details["cause"]?.stringValue?.prefix(120) ?? "")"
        }
        if let length = details["length"]?.numberValue { return "\(length) iterations" }
        if let resource = details["resource"]?.stringValue {
            return "\(details["resourceType"]?.stringValue ?? ""):\(resource)"
        }
        return ""
    }

    /// What `ListExecutions` gives of an execution, with where it waits.
    struct Summary: Encodable {
        let executionArn, name, stateMachineArn, status, startDate: String
        let stopDate, waitUntil: String?

        init(_ record: ExecutionRecord) {
            executionArn = record.executionArn
            name = record.name
            stateMachineArn = record.stateMachineArn
            status = record.status.rawValue
            startDate = record.startDate
            stopDate = record.stopDate
            waitUntil = record.position?.waitUntil
        }
    }
}
