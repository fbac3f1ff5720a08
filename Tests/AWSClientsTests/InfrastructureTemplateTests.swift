import AWSClients
import Foundation
import Shared
import Testing

/// `infrastructure/template.yaml` against the declarations it must follow.
@Suite("Infrastructure template")
struct InfrastructureTemplateTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("infrastructure/template.yaml")

    static func template() throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test func theTablesSectionIsWhatTablesAllGenerates() throws {
        let template = try Self.template()
        let regenerated = try TemplateTables.regenerate(template)
        #expect(regenerated == template, "infrastructure/template.yaml differs from Tables.all: run `swift run template-tables`")
    }

    @Test func everyTableAndIndexOfTablesAllIsDeclared() throws {
        let template = try Self.template()
        for table in Tables.all {
            #expect(template.contains("TableName: !Sub \"${Environment}-testex-\(table.name)\""), "\(table.name)")
            #expect(template.contains("- !GetAtt \(TemplateTables.logicalID(table)).Arn"), "DatabaseManager may use \(table.name)")
            for index in table.indexes { #expect(template.contains("- IndexName: \(index.name)"), "\(table.name)/\(index.name)") }
        }
    }

    @Test func aChangedTableDefinitionChangesTheGeneratedSection() throws {
        let template = try Self.template()
        let changed = Tables.all.map { table in
            table.name == "clients" ? TableDefinition(name: table.name, partitionKey: table.partitionKey, indexes: []) : table
        }
        #expect(try TemplateTables.regenerate(template, tables: changed) != template)
        #expect(throws: AWSConfigurationError.self) { try TemplateTables.regenerate("Resources: {}") }
    }

    @Test func everyFunctionBucketAndLogGroupIsNamedForItsEnvironment() throws {
        let template = try Self.template()
        for function in FunctionName.allCases {
            #expect(template.contains("FunctionName: !Sub \"${Environment}-testex-\(function.kebabName)\""), "\(function)")
            #expect(template.contains("Handler: \(function.rawValue)\n"), "\(function)")
            #expect(template.contains("CodeUri: ../.build/lambda/\(function.rawValue).zip"), "\(function)")
            #expect(template.contains("LogGroupName: !Sub \"/aws/lambda/${Environment}-testex-\(function.kebabName)\""), "\(function)")
        }
        for bucket in ["files", "archives", "backups", "templates"] {
            #expect(template.contains("BucketName: !Sub \"${Environment}-testex-\(bucket)\""), "\(bucket)")
        }
    }
}
