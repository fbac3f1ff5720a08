import Foundation
import Shared

/// `outbox [list]` and `outbox show <message-id>`: the SES outbox.
enum OutboxCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let sub = context.arguments.nextIfPresent() ?? "list"
        switch sub {
        case "list":
            try context.arguments.finish()
            let system = try await context.openSystem()
            let records = try await system.outbox.list()
            if records.isEmpty { context.console.err("the outbox is empty") }
            for record in records {
                context.console.out([Timestamp.string(record.timestamp), record.messageId, record.status, record.template ?? "-",
                                     record.to.joined(separator: ","), record.subject].joined(separator: "  "))
            }
        case "show":
            let id = try context.arguments.next("message id (see `outbox list`)")
            try context.arguments.finish()
            let system = try await context.openSystem()
            guard let message = try await system.outbox.message(id: id) else {
                context.console.err("testex-local: no message \(id) in the outbox")
                return TestexLocal.Exit.clientError
            }
            context.console.out(String(decoding: message.eml, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"))
        default:
            throw UsageError("unknown outbox subcommand '\(sub)'; one of list, show")
        }
        return TestexLocal.Exit.success
    }
}
