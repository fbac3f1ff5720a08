import Shared

/// The tables of `infrastructure/template.yaml`, generated from `Tables.all` so the deployed
/// tables, their indexes and DatabaseManager's access to them cannot drift from what the
/// stand-ins create (written into the template by `TemplateSections`).
public enum TemplateTables {
    /// `AuditLogsTable` for `audit-logs`.
    public static func logicalID(_ table: TableDefinition) -> String {
        TemplateSections.pascalCase(table.name) + "Table"
    }

    /// One `AWS::DynamoDB::Table` per table: on-demand, encrypted, kept on stack deletion,
    /// point-in-time recovery in every environment (an audit trail is worth it in staging too),
    /// and the declared stream.
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
                "        PointInTimeRecoveryEnabled: true",
                "      SSESpecification:",
                "        SSEEnabled: true",
                "      AttributeDefinitions:",
            ]
            for attribute in table.allKeyAttributes {
                lines += [
                    "        - AttributeName: \(attribute.name)", "          AttributeType: \(attribute.type.rawValue)",
                ]
            }
            lines.append("      KeySchema:")
            lines += keySchema(table.partitionKey, table.sortKey, indent: 8)
            if let stream = table.stream {
                lines += ["      StreamSpecification:", "        StreamViewType: \(stream.rawValue)"]
            }
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
            return ["                  - !GetAtt \(id).Arn"]
                + (table.indexes.isEmpty ? [] : ["                  - !Sub \"${\(id).Arn}/index/*\""])
        }.joined(separator: "\n")
    }

    private static func keySchema(_ partition: KeyAttribute, _ sort: KeyAttribute?, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines = ["\(pad)- AttributeName: \(partition.name)", "\(pad)  KeyType: HASH"]
        if let sort { lines += ["\(pad)- AttributeName: \(sort.name)", "\(pad)  KeyType: RANGE"] }
        return lines
    }
}
