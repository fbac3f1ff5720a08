import AWSEvents
import Foundation
import LocalAWS
import Shared
import WireFormat

/// `generate-event api ...`, `generate-event schedule <rule> [--at TIME]` and `generate-event
/// dynamodb [table] [--old ITEM] [--new ITEM]`: prints the event `api`, `schedule run` or a
/// table's stream would send, to save under `events/`.
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
        let event = rule.event(
            at: time,
            configuration: context.configuration,
            region: context.configuration.region,
            account: LocalSystem.account
        )
        context.console.out(JSON.string(event, pretty: true))
        return TestexLocal.Exit.success
    }

    @Sendable static func dynamodb(_ context: CommandContext) async throws -> Int32 {
        context.console.out(JSON.string(try await streamEvent(context), pretty: true))
        return TestexLocal.Exit.success
    }

    /// A batch of one stream record of `table` (default contracts): INSERT with `--new`, REMOVE
    /// with `--old`, MODIFY with both, each an item as plain JSON (or `@FILE`); the keys come from
    /// the images, the stream's ARN from the state.
    private static func streamEvent(_ context: CommandContext) async throws -> DynamoDBEvent {
        let old = try context.arguments.option("--old").map { try item($0, "--old", context) }
        let new = try context.arguments.option("--new").map { try item($0, "--new", context) }
        let sequence = try context.arguments.option("--sequence") ?? LocalStream.sequenceNumber(1)
        let name = context.arguments.nextIfPresent() ?? Tables.contracts.name
        try context.arguments.finish()
        guard old != nil || new != nil else {
            throw UsageError("give the item before (--old) and/or after (--new) the change")
        }
        let definition = try DbCommand.resolve(name, context.configuration)
        guard let key = (new ?? old).flatMap(definition.key(of:)), old.map({ definition.key(of: $0) == key }) ?? true
        else {
            throw UsageError(
                "the items must hold the key of table \(definition.name) "
                    + "(\(definition.keyAttributes.map(\.name).joined(separator: ", "))), the same in both"
            )
        }
        let table = context.configuration.resourceName(definition.name)
        let arn =
            "arn:aws:dynamodb:\(context.configuration.region):\(LocalSystem.account):table/\(table)"
            + "/stream/2026-01-01T00:00:00.000"
        let change = ItemChange(table: table, key: key, old: old, new: new)
        return DynamoDBEvent(records: [
            LocalStream.record(
                change,
                viewType: definition.stream ?? .newAndOldImages,
                streamArn: arn,
                sequenceNumber: sequence,
                at: context.clock.now(),
                region: context.configuration.region
            )
        ])
    }

    private static func item(_ text: String, _ option: String, _ context: CommandContext) throws -> Item {
        let data = text.hasPrefix("@") || text == "-" ? try context.readInput(text) : Data(text.utf8)
        guard case .object(let item)? = try? JSONValueParser.parse(data) else {
            throw UsageError("\(option) must be a JSON object (an item)")
        }
        return item
    }
}
