import Foundation
import Shared

/// `generate-event api ...` and `generate-event schedule <rule> [--at TIME]`: prints the event
/// `api` or `schedule run` would send, to save under `events/`.
enum GenerateEventCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let kind = try context.arguments.next("event kind (api, schedule)")
        switch kind {
        case "api":
            var (builder, v2, identity) = try APIEventBuilder.parse(context)
            // Saved events carry the claims as AWS delivers them after its authorizer ran, so they
            // work on any state and never expire; `--token` writes the header instead.
            switch identity {
            case .anonymous: break
            case .caller(let caller): builder.claims = APIEventBuilder.claims(for: caller)
            case .token(let token): builder = builder.authorized(with: token)
            }
            context.console.out(JSON.string(v2 ? builder.httpEvent() : builder.restEvent(), pretty: true))
            return TestexLocal.Exit.success
        case "schedule":
            let (rule, time) = try ScheduleCommand.ruleAndTime(context)
            let event = rule.event(at: time, configuration: context.configuration, region: LocalSystem.region, account: LocalSystem.account)
            context.console.out(JSON.string(event, pretty: true))
            return TestexLocal.Exit.success
        default:
            throw UsageError("unknown event kind '\(kind)'; available: api, schedule")
        }
    }
}
