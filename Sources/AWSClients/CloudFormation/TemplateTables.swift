import Shared

/// The parts of `infrastructure/template.yaml` generated from `Tables.all`, so the deployed
/// tables, their indexes and DatabaseManager's access to them cannot drift from what the
/// stand-ins create. Each part sits between `# BEGIN GENERATED: <name>` and `# END GENERATED: <name>`.
public enum TemplateTables {
    /// The generated parts by name: the table resources, and the ARNs DatabaseManager may use.
    public static func blocks(_ tables: [TableDefinition] = Tables.all) -> [(name: String, text: String)] {
        [("tables", resources(tables)), ("database-manager-table-arns", arns(tables))]
    }

    /// `AuditLogsTable` for `audit-logs`.
    public static func logicalID(_ table: TableDefinition) -> String {
        table.name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Table"
    }

    /// One `AWS::DynamoDB::Table` per table: on-demand, encrypted, kept on stack deletion,
    /// point-in-time recovery in production.
    static func resources(_ tables: [TableDefinition]) -> String {
        var lines: [String] = []
        for table in tables {
            lines += [
                "  \(logicalID(table)):",
                "    Type: AWS::DynamoDB::Table",
                "    DeletionPolicy: Retain",
                "    UpdateReplacePolicy: Retain",
                "    Properties:",
                "      TableName: !Sub \"${Environment}-testex-\(table.name)\"",
                "      BillingMode: PAY_PER_REQUEST",
                "      PointInTimeRecoverySpecification:",
                "        PointInTimeRecoveryEnabled: !If [IsProduction, true, false]",
                "      SSESpecification:",
                "        SSEEnabled: true",
                "      AttributeDefinitions:",
            ]
            for attribute in table.allKeyAttributes {
                lines += ["        - AttributeName: \(attribute.name)", "          AttributeType: \(attribute.type.rawValue)"]
            }
            lines.append("      KeySchema:")
            lines += keySchema(table.partitionKey, table.sortKey, indent: 8)
            if !table.indexes.isEmpty {
                lines.append("      GlobalSecondaryIndexes:")
                for index in table.indexes {
                    lines += ["        - IndexName: \(index.name)", "          KeySchema:"]
                    lines += keySchema(index.partitionKey, index.sortKey, indent: 12)
                    lines += ["          Projection:", "            ProjectionType: ALL"]
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Each table's ARN and its indexes' ARNs, as items of a policy statement's `Resource` list.
    static func arns(_ tables: [TableDefinition]) -> String {
        tables.flatMap { table -> [String] in
            let id = logicalID(table)
            return ["                  - !GetAtt \(id).Arn"] + (table.indexes.isEmpty ? [] : ["                  - !Sub \"${\(id).Arn}/index/*\""])
        }.joined(separator: "\n")
    }

    private static func keySchema(_ partition: KeyAttribute, _ sort: KeyAttribute?, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines = ["\(pad)- AttributeName: \(partition.name)", "\(pad)  KeyType: HASH"]
        if let sort { lines += ["\(pad)- AttributeName: \(sort.name)", "\(pad)  KeyType: RANGE"] }
        return lines
    }

    /// The template with every generated part replaced by freshly generated text; a missing or
    /// unterminated marker is an error naming it.
    public static func regenerate(_ template: String, tables: [TableDefinition] = Tables.all) throws -> String {
        var lines = template.components(separatedBy: "\n")
        for block in blocks(tables) {
            let begin = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "# BEGIN GENERATED: \(block.name)" }
            let end = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "# END GENERATED: \(block.name)" }
            guard let begin, let end, begin < end else {
                throw AWSConfigurationError("the template has no '# BEGIN GENERATED: \(block.name)' ... '# END GENERATED: \(block.name)' section")
            }
            lines.replaceSubrange((begin + 1)..<end, with: block.text.components(separatedBy: "\n"))
        }
        return lines.joined(separator: "\n")
    }
}
