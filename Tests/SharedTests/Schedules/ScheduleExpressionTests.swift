import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing
import WireFormat

@Suite("Schedule expressions and rules")
struct ScheduleExpressionTests {
    func time(_ text: String) -> Date { Timestamp.parse(text)! }

    @Test(arguments: [
        "rate(1 hour)", "rate(5 minutes)", "rate(2 days)", "cron(0 8 * * ? *)", "cron(0/15 9-17 ? * MON-FRI *)",
        "cron(30 3 1,15 JAN,JUL ? 2027)",
    ])
    func validExpressionsParseAndPrintAsWritten(_ text: String) throws {
        #expect(try ScheduleExpression(text).description == text)
    }

    @Test(arguments: [
        "rate(1 hours)", "rate(2 hour)", "rate(0 minutes)", "rate(1 week)", "every hour", "cron(0 8 * * *)",
        "cron(0 8 * * * *)", "cron(0 8 ? * ? *)", "cron(60 8 * * ? *)", "cron(0 8 L * ? *)", "cron(0 8 * * 8 *)",
    ])
    func malformedExpressionsAreRefused(_ text: String) {
        #expect(throws: ScheduleExpressionError.self) { try ScheduleExpression(text) }
    }

    @Test func nextRunsFollowTheExpression() throws {
        #expect(
            try ScheduleExpression("rate(1 hour)").next(after: time("2026-11-22T10:00:00Z"))
                == time("2026-11-22T11:00:00Z")
        )
        #expect(
            try ScheduleExpression("rate(1 hour)").next(after: time("2026-11-22T10:20:00Z"))
                == time("2026-11-22T11:00:00Z")
        )
        #expect(
            try ScheduleExpression("cron(0 8 * * ? *)").next(after: time("2026-11-22T10:00:00Z"))
                == time("2026-11-23T08:00:00Z")
        )
        #expect(
            try ScheduleExpression("cron(0 8 * * ? *)").next(after: time("2026-11-22T07:59:30Z"))
                == time("2026-11-22T08:00:00Z")
        )
        // 2026-11-22 is a Sunday: the next weekday 09:00 is Monday.
        #expect(
            try ScheduleExpression("cron(0 9 ? * MON-FRI *)").next(after: time("2026-11-22T10:00:00Z"))
                == time("2026-11-23T09:00:00Z")
        )
        #expect(
            try ScheduleExpression("cron(0 0 29 2 ? *)").next(after: time("2026-11-22T10:00:00Z"))
                == time("2028-02-29T00:00:00Z")
        )
    }

    @Test func theRulesAreDeclaredOnceWithUniqueNamesAndTheirTargets() {
        #expect(
            Schedules.all.map(\.name) == [
                "contract-expiry", "pending-terminations", "renewal-reminders", "file-lifecycle", "webhook-retries",
            ]
        )
        #expect(Set(Schedules.all.map(\.name)).count == Schedules.all.count)
        #expect(Schedules.all.allSatisfy { $0.expression.next(after: Date()) != nil })
        #expect(Schedules.all.filter { $0.target == .notificationService } == [Schedules.webhookRetries])
        #expect(Schedules.contractExpiry.expression == .rate(1, .hour))
    }

    @Test func aRulesEventIsAnEventBridgeScheduledEventThatNamesTheRule() throws {
        let configuration = Configuration(environment: .staging)
        let event = Schedules.renewalReminders.event(
            at: time("2026-11-22T08:00:00Z"),
            configuration: configuration,
            region: "us-east-1",
            account: "123456789012"
        )
        let decoded = try JSON.decode(CloudwatchScheduledEvent.self, from: JSON.encode(event))
        #expect(decoded.detailType == "Scheduled Event" && decoded.source == "aws.events")
        #expect(decoded.time == "2026-11-22T08:00:00Z")
        #expect(decoded.resources == ["arn:aws:events:us-east-1:123456789012:rule/staging-testex-renewal-reminders"])
        #expect(Schedules.rule(of: decoded) == Schedules.renewalReminders)
        let again = Schedules.renewalReminders.event(
            at: time("2026-11-22T08:00:00Z"),
            configuration: configuration,
            region: "us-east-1",
            account: "123456789012"
        )
        #expect(again.id == event.id, "the same firing is the same event")
        #expect(Schedules.rule(named: "development-testex-file-lifecycle") == Schedules.fileLifecycle)
    }

    @Test func aScheduledEventOfAnotherRuleNamesNoRuleOfOurs() throws {
        let fixture = try EventFixture.named("aws-sam-cli__ScheduledEvent", in: "scheduled").decode(
            CloudwatchScheduledEvent.self
        )
        #expect(Schedules.rule(of: fixture) == nil)
    }
}
