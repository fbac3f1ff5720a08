import Foundation
import Shared
import WireFormat

/// `logs <Function> [--tail N]`: the function's CloudWatch log group, oldest first; with
/// `--output json`, one JSON object per event (JSON lines).
enum LogsCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let tail = try context.arguments.option("--tail")
        let name = try context.arguments.next("function name (e.g. ContractProcessor)")
        try context.arguments.finish()
        let function = try InvokeCommand.function(named: name)
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
        if events.isEmpty, format == .text { context.console.err("no log events in \(group)") }
        for event in events {
            context.console.out(format == .json ? JSON.string(json(event)) : event.line)
        }
        return TestexLocal.Exit.success
    }

    /// `{"timestamp","stream","message"}`, with the message's fields as `fields` when it is a JSON log line.
    static func json(_ event: LogEvent) -> JSONValue {
        var object: [String: JSONValue] = ["stream": .string(event.stream), "message": .string(event.message)]
        object["timestamp"] = event.timestamp.map { .string(Timestamp.string($0)) } ?? .null
        if event.message.hasPrefix("{"), let fields = try? JSONValueParser.parse(Data(event.message.utf8)),
            case .object = fields
        {
            object["fields"] = fields
        }
        return .object(object)
    }
}
