import Foundation
import Shared

/// `generate-event api ...`: prints the event `api` would send, to save under `events/`.
enum GenerateEventCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let kind = try context.arguments.next("event kind (api)")
        switch kind {
        case "api":
            let (builder, v2) = try APIEventBuilder.parse(context)
            context.console.out(JSON.string(v2 ? builder.httpEvent() : builder.restEvent(), pretty: true))
            return TestexLocal.Exit.success
        default:
            throw UsageError("unknown event kind '\(kind)'; available: api")
        }
    }
}
