import AWSClients
import Foundation
import LocalAWS
import Testing

@testable import Shared

/// `infrastructure/template.yaml` against the declarations it must follow.
@Suite("Infrastructure template")
struct InfrastructureTemplateTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("infrastructure/template.yaml")

    static func template() throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test func theGeneratedSectionsAreWhatTablesAllAndSchedulesAllGenerate() throws {
        let template = try Self.template()
        let regenerated = try TemplateSections.regenerate(template)
        #expect(
            regenerated == template,
            "infrastructure/template.yaml differs from Tables.all or Schedules.all: run `swift run template-tables`"
        )
    }

    @Test func everyTableAndIndexOfTablesAllIsDeclared() throws {
        let template = try Self.template()
        for table in Tables.all {
            #expect(template.contains("TableName: !Sub \"${Environment}-testex-\(table.name)\""), "\(table.name)")
            #expect(
                template.contains("- !GetAtt \(TemplateTables.logicalID(table)).Arn"),
                "DatabaseManager may use \(table.name)"
            )
            for index in table.indexes {
                #expect(template.contains("- IndexName: \(index.name)"), "\(table.name)/\(index.name)")
            }
        }
    }

    @Test func aChangedTableDefinitionChangesTheGeneratedSection() throws {
        let template = try Self.template()
        let changed = Tables.all.map { table in
            table.name == "clients"
                ? TableDefinition(name: table.name, partitionKey: table.partitionKey, indexes: []) : table
        }
        #expect(try TemplateSections.regenerate(template, tables: changed) != template)
        #expect(throws: AWSConfigurationError.self) { try TemplateSections.regenerate("Resources: {}") }
    }

    @Test func everyRuleOfSchedulesAllIsDeployedWithItsScheduleTargetAndPermission() throws {
        let template = try Self.template()
        for rule in Schedules.all {
            let id = TemplateRules.logicalID(rule)
            let target = TemplateRules.functionID(rule.target)
            #expect(
                template.contains(
                    """
                      \(id):
                        Type: AWS::Events::Rule
                        Properties:
                          Name: !Sub "${Environment}-testex-\(rule.name)"
                    """
                ),
                "\(rule.name)"
            )
            #expect(template.contains("ScheduleExpression: \"\(rule.expression)\"\n"), "\(rule.name)")
            #expect(
                template.contains(
                    """
                            - Id: \(rule.target.rawValue)
                              Arn: !GetAtt \(target).Arn
                      \(id)Permission:
                        Type: AWS::Lambda::Permission
                        Properties:
                          Action: lambda:InvokeFunction
                          FunctionName: !Ref \(target)
                          Principal: events.amazonaws.com
                          SourceArn: !GetAtt \(id).Arn
                    """
                ),
                "\(rule.name)"
            )
        }
    }

    @Test func aRuleAddedInSwiftWithoutRegeneratingFailsTheDriftCheck() throws {
        let template = try Self.template()
        let added = ScheduleRule(
            name: "weekly-report",
            schedule: "cron(0 6 ? * MON *)",
            target: .contractProcessor,
            description: "a report"
        )
        let regenerated = try TemplateSections.regenerate(template, rules: Schedules.all + [added])
        #expect(regenerated != template)
        #expect(
            regenerated.contains("  WeeklyReportRule:\n")
                && regenerated.contains("ScheduleExpression: \"cron(0 6 ? * MON *)\"")
        )
        #expect(try TemplateSections.regenerate(template, rules: Array(Schedules.all.dropLast())) != template)
        let unmarked = template.replacingOccurrences(of: "# END GENERATED: schedule-rules", with: "")
        #expect(throws: AWSConfigurationError.self) { try TemplateSections.regenerate(unmarked) }
    }

    @Test func everyFunctionSendsWhatFailsAsynchronouslyToTheDeadLetterQueue() throws {
        let template = try Self.template()
        let lambda = EventInvokeConfig.lambdaDefault
        #expect(
            template.contains(
                """
                    EventInvokeConfig:
                      MaximumRetryAttempts: \(lambda.maximumRetryAttempts)
                      MaximumEventAgeInSeconds: \(Int(lambda.maximumEventAge))
                      DestinationConfig:
                        OnFailure:
                          Type: SQS
                          Destination: !GetAtt DeadLetterQueue.Arn
                """
            )
        )
        #expect(template.contains("QueueName: !Sub \"${Environment}-testex-dlq\"\n      SqsManagedSseEnabled: true"))
        let sendToQueue = """
                    - PolicyName: dead-letter-queue
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action: sqs:SendMessage
                            Resource: !GetAtt DeadLetterQueue.Arn
            """
        #expect(template.components(separatedBy: sendToQueue).count - 1 == FunctionName.allCases.count)
    }

    @Test func sesBouncesAndComplaintsReachNotificationServiceThroughTheFeedbackTopic() throws {
        let template = try Self.template()
        #expect(template.contains("TopicName: !Sub \"${Environment}-testex-ses-feedback\""))
        #expect(template.contains("MatchingEventTypes: [bounce, complaint]"))
        #expect(template.contains("SES_CONFIGURATION_SET: !Ref EmailConfigurationSet"))
        #expect(template.contains("Endpoint: !GetAtt NotificationServiceFunction.Arn"))
        #expect(template.contains("Principal: sns.amazonaws.com\n      SourceArn: !Ref SesFeedbackTopic"))
        #expect(template.contains("ARCHIVE_AFTER_DAYS: !Ref ArchiveAfterDays"))
    }

    @Test func everyFunctionBucketAndLogGroupIsNamedForItsEnvironment() throws {
        let template = try Self.template()
        for function in FunctionName.allCases {
            #expect(
                template.contains("FunctionName: !Sub \"${Environment}-testex-\(function.kebabName)\""),
                "\(function)"
            )
            #expect(template.contains("Handler: \(function.rawValue)\n"), "\(function)")
            #expect(template.contains("CodeUri: ../.build/lambda/\(function.rawValue).zip"), "\(function)")
            #expect(
                template.contains("LogGroupName: !Sub \"/aws/lambda/${Environment}-testex-\(function.kebabName)\""),
                "\(function)"
            )
        }
        for bucket in ["files", "archives", "backups", "templates"] {
            #expect(template.contains("BucketName: !Sub \"${Environment}-testex-\(bucket)\""), "\(bucket)")
        }
    }
}
