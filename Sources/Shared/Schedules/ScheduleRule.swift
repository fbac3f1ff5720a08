import AWSEvents
import Cryptography
import Foundation

/// An EventBridge schedule rule: a name, when it runs and which function it invokes with a
/// "Scheduled Event". Deployed as the rule `{env}-testex-<name>`.
public struct ScheduleRule: Sendable, Hashable {
    public let name: String
    public let expression: ScheduleExpression
    public let target: FunctionName
    public let description: String

    /// A rule with an expression known to parse (the rules are declared in code, once).
    init(name: String, schedule: String, target: FunctionName, description: String) {
        self.name = name
        self.expression = try! ScheduleExpression(schedule)
        self.target = target
        self.description = description
    }

    /// `{env}-testex-contract-expiry`, the deployed rule name.
    public func deployedName(_ configuration: Configuration) -> String {
        configuration.resourceName(name)
    }

    /// The rule's ARN, as EventBridge lists it in `resources` of the events it sends.
    public func arn(_ configuration: Configuration, region: String, account: String) -> String {
        "arn:aws:events:\(region):\(account):rule/\(deployedName(configuration))"
    }

    /// The event EventBridge sends the target when the rule fires at `time`. Its id is derived from
    /// the rule and the time, so the same firing is the same event.
    public func event(
        at time: Date,
        configuration: Configuration,
        region: String,
        account: String
    ) -> CloudwatchScheduledEvent {
        let stamp = time.formatted(.iso8601)
        let digest = Hex.encode(Digest.sha256(Data("\(deployedName(configuration))@\(stamp)".utf8)).prefix(16))
        let id = [8, 4, 4, 4, 12].reduce(into: (parts: [String](), rest: Substring(digest))) { state, length in
            state.parts.append(String(state.rest.prefix(length)))
            state.rest = state.rest.dropFirst(length)
        }.parts.joined(separator: "-")
        return CloudwatchScheduledEvent(
            id: id,
            accountId: account,
            time: stamp,
            region: region,
            resources: [arn(configuration, region: region, account: account)]
        )
    }
}

/// Every schedule rule of the system, declared once: the harness runs them from here and the
/// infrastructure template mirrors them.
public enum Schedules {
    public static let contractExpiry = ScheduleRule(
        name: "contract-expiry",
        schedule: "rate(1 hour)",
        target: .contractProcessor,
        description: "ACTIVE contracts whose end_date has passed become EXPIRED, audited, client notified"
    )

    public static let pendingTerminations = ScheduleRule(
        name: "pending-terminations",
        schedule: "rate(1 hour)",
        target: .contractProcessor,
        description: "terminations scheduled for a future effective_date are finalized on that date"
    )

    public static let renewalReminders = ScheduleRule(
        name: "renewal-reminders",
        schedule: "cron(0 8 * * ? *)",
        target: .contractProcessor,
        description: "contracts ending within 30 days get one renewal reminder, recorded so it is never sent twice"
    )

    public static let fileLifecycle = ScheduleRule(
        name: "file-lifecycle",
        schedule: "cron(30 3 * * ? *)",
        target: .contractProcessor,
        description:
            "documents of contracts closed more than ARCHIVE_AFTER_DAYS (default 30) days "
            + "ago move to the archives bucket"
    )

    public static let webhookRetries = ScheduleRule(
        name: "webhook-retries",
        schedule: "rate(1 minute)",
        target: .notificationService,
        description: "webhook deliveries whose next attempt is due are sent again, in order per ordering key"
    )

    public static let all: [ScheduleRule] = [
        contractExpiry, pendingTerminations, renewalReminders, fileLifecycle, webhookRetries,
    ]

    /// The rule by name (`contract-expiry`) or deployed name (`development-testex-contract-expiry`).
    public static func rule(named name: String) -> ScheduleRule? {
        all.first { $0.name == name || name.hasSuffix("-testex-\($0.name)") }
    }

    /// The rule that sent a scheduled event, from the rule ARN in its `resources`.
    public static func rule(of event: CloudwatchScheduledEvent) -> ScheduleRule? {
        event.resources.lazy.compactMap { resource -> ScheduleRule? in
            guard resource.hasPrefix("arn:aws:events:"), let slash = resource.lastIndex(of: "/") else { return nil }
            return rule(named: String(resource[resource.index(after: slash)...]))
        }.first
    }
}
