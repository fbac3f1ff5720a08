import Foundation
import Shared

/// `generate-event api ...` and `generate-event schedule <rule> [--at TIME]`: prints the event
/// `api` or `schedule run` would send, to save under `events/`.
enum GenerateEventCommand {
    @Sendable static func api(_ context: CommandContext) async throws -> Int32 {
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
    }

    @Sendable static func schedule(_ context: CommandContext) async throws -> Int32 {
        let (rule, time) = try ScheduleCommand.ruleAndTime(context)
        let event = rule.event(at: time, configuration: context.configuration, region: context.configuration.region,
                               account: LocalSystem.account)
        context.console.out(JSON.string(event, pretty: true))
        return TestexLocal.Exit.success
    }
}
