import Shared

/// The REST API's CORS preflight, generated from `CORSPolicy` (the methods, headers and age the
/// function's answers carry), from the origin the stack is given; and the outputs that name
/// every table and bucket the code expects, by which a client of the stack finds them.
public enum TemplateAPI {
    static var cors: String {
        [
            "      Cors:",
            "        AllowMethods: \"'\(CORSPolicy.allowedMethods.joined(separator: ","))'\"",
            "        AllowHeaders: \"'\(CORSPolicy.allowedHeaders.joined(separator: ","))'\"",
            "        AllowOrigin: !Sub \"'${AllowedOrigin}'\"",
            "        MaxAge: \"'\(CORSPolicy.maxAgeSeconds)'\"",
        ].joined(separator: "\n")
    }

    /// `ContractsTableName` for the contracts table, `FilesBucketName` for the files bucket.
    public static func outputName(table: TableDefinition) -> String { TemplateTables.logicalID(table) + "Name" }
    public static func outputName(bucket stem: String) -> String { TemplateSections.pascalCase(stem) + "BucketName" }

    static func outputs(_ tables: [TableDefinition]) -> String {
        let tableOutputs = tables.flatMap { table in
            ["  \(outputName(table: table)):", "    Value: !Ref \(TemplateTables.logicalID(table))"]
        }
        let bucketOutputs = Buckets.stems.flatMap { stem in
            ["  \(outputName(bucket: stem)):", "    Value: !Ref \(TemplateSections.pascalCase(stem))Bucket"]
        }
        return (tableOutputs + bucketOutputs).joined(separator: "\n")
    }
}
