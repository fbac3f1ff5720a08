import AWSClients
import Foundation
import Shared
import Testing

/// What the template promises beyond its tables: access logs, throttling, versions, encryption,
/// a user pool that outlives the stack, one CORS declaration, a domain sender and alarms.
@Suite("Template hardening")
struct TemplateHardeningTests {
    static let lines = (try? InfrastructureTemplateTests.template().components(separatedBy: "\n")) ?? []

    static func resource(_ name: String) throws -> [String] {
        try TemplateFunctions.block(lines, header: "  \(name):", indent: 2)
    }

    static func has(_ block: [String], _ text: String) -> Bool {
        block.contains { $0.trimmingCharacters(in: .whitespaces) == text }
    }

    @Test(arguments: Buckets.stems)
    func everyBucketIsVersionedLogsItsAccessAndKeepsOnlyTemplatesVersionsForever(_ stem: String) throws {
        let bucket = try Self.resource(TemplateSections.pascalCase(stem) + "Bucket")
        #expect(Self.has(bucket, "DestinationBucketName: !Ref AccessLogsBucket"), "\(stem)")
        #expect(Self.has(bucket, "LogFilePrefix: \(stem)/"), "\(stem)")
        #expect(Self.has(bucket, "Status: Enabled") && Self.has(bucket, "VersioningConfiguration:"), "\(stem)")
        if stem == "templates" {
            // A template's versions are its history, numbered by their place in it: none may expire.
            #expect(!Self.has(bucket, "NoncurrentVersionExpiration:"), "templates: old versions are kept")
            #expect(Self.has(bucket, "AbortIncompleteMultipartUpload:"), "templates: a lifecycle rule still")
        } else {
            #expect(Self.has(bucket, "NoncurrentVersionExpiration:"), "\(stem): old versions expire")
        }
    }

    @Test func archivesMoveToAColderClassAfterAParametersDays() throws {
        let archives = try Self.resource("ArchivesBucket")
        #expect(Self.has(archives, "- StorageClass: GLACIER"))
        #expect(Self.has(archives, "TransitionInDays: !Ref ArchiveColdStorageAfterDays"))
    }

    @Test func theAPILogsItsAccessAndThrottlesItsStage() throws {
        let api = try Self.resource("Api")
        #expect(Self.has(api, "DestinationArn: !GetAtt ApiAccessLogGroup.Arn"))
        #expect(Self.has(api, "ThrottlingRateLimit: !Ref ApiThrottleRateLimit"))
        #expect(Self.has(api, "ThrottlingBurstLimit: !Ref ApiThrottleBurstLimit"))
        let account = try Self.resource("ApiGatewayAccount")
        #expect(Self.has(account, "CloudWatchRoleArn: !GetAtt ApiGatewayLoggingRole.Arn"))
    }

    @Test func thePreflightAllowsWhatTheFunctionSendsFromTheGivenOrigin() throws {
        let api = try Self.resource("Api")
        let headers = CORSPolicy.allowedHeaders.joined(separator: ",")
        #expect(Self.has(api, "AllowHeaders: \"'\(headers)'\""))
        #expect(headers.contains("If-Match") && headers.contains("Idempotency-Key"))
        #expect(Self.has(api, "AllowOrigin: !Sub \"'${AllowedOrigin}'\""))
        #expect(!Self.lines.contains { $0.contains("'*'") }, "no origin is * in the template itself")
        #expect(Self.has(try Self.resource("ApiGatewayFunction"), "ALLOWED_ORIGIN: !Ref AllowedOrigin"))
    }

    @Test func topicsAreEncryptedAndTheUserPoolIsKept() throws {
        #expect(Self.has(try Self.resource("SesFeedbackTopic"), "KmsMasterKeyId: !Ref EncryptionKey"))
        #expect(Self.has(try Self.resource("AlertsTopic"), "KmsMasterKeyId: !Ref EncryptionKey"))
        let pool = try Self.resource("UserPool")
        #expect(Self.has(pool, "DeletionPolicy: Retain") && Self.has(pool, "UpdateReplacePolicy: Retain"))
    }

    @Test func theSenderIsADomainIdentity() throws {
        #expect(Self.has(try Self.resource("SenderIdentity"), "EmailIdentity: !Ref SenderDomain"))
        #expect(!Self.lines.contains { $0.contains("noreply@testex") }, "no no-reply address is an identity")
    }

    @Test func eachFunctionTheAPIAndTheDeadLetterQueueHaveAnAlarmToTheAlertsTopic() throws {
        for function in FunctionName.allCases {
            let alarm = try Self.resource(TemplateAlarms.logicalID(function))
            #expect(Self.has(alarm, "Threshold: \(TemplateAlarms.functionErrorRatePercent)"), "\(function)")
            #expect(Self.has(alarm, "Value: !Ref \(TemplateRules.functionID(function))"), "\(function)")
            #expect(Self.has(alarm, "AlarmActions: [!Ref AlertsTopic]"), "\(function)")
        }
        #expect(Self.has(try Self.resource("ApiServerErrorRateAlarm"), "MetricName: 5XXError"))
        #expect(Self.has(try Self.resource("ApiServerErrorRateAlarm"), "Threshold: 0.01"))
        #expect(Self.has(try Self.resource("DeadLetterQueueAlarm"), "MetricName: ApproximateNumberOfMessagesVisible"))
    }

    @Test func theOutputsNameEveryTableAndBucketTheCodeExpects() throws {
        let outputs = try TemplateFunctions.block(Self.lines, header: "Outputs:", indent: 0)
        for table in Tables.all {
            #expect(outputs.contains("  \(TemplateAPI.outputName(table: table)):"), "\(table.name)")
        }
        for stem in Buckets.stems { #expect(outputs.contains("  \(TemplateAPI.outputName(bucket: stem)):"), "\(stem)") }
    }
}
