import Foundation
import Shared
import WireFormat

/// `outbox [list]` and `outbox show <message-id>`: the SES outbox.
enum OutboxCommand {
    @Sendable static func list(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        try context.arguments.finish()
        let system = try await context.openSystem()
        let records = try await system.outbox.list()
        if format == .json {
            context.console.out(JSON.string(records))
            return TestexLocal.Exit.success
        }
        if records.isEmpty { context.console.err("the outbox is empty") }
        for record in records {
            context.console.out(
                [
                    Timestamp.string(record.timestamp), record.messageId, record.status, record.template ?? "-",
                    record.to.joined(separator: ","), record.subject,
                ].joined(separator: "  ")
            )
        }
        return TestexLocal.Exit.success
    }

    /// The `.eml` as sent; with `--output json`, its record and the message text.
    @Sendable static func show(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let id = try context.arguments.next("message id (see `outbox list`)")
        try context.arguments.finish()
        let system = try await context.openSystem()
        guard let message = try await system.outbox.message(id: id) else {
            throw NotFound("no message \(id) in the outbox")
        }
        let eml = String(decoding: message.eml, as: UTF8.self)
        if format == .json {
            context.console.out(JSON.string(["record": AnyEncodable(message.record), "eml": AnyEncodable(eml)]))
        } else {
            context.console.out(eml.replacingOccurrences(of: "\r\n", with: "\n"))
        }
        return TestexLocal.Exit.success
    }
}
