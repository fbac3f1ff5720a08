import Shared

/// The generated parts of `infrastructure/template.yaml`, each between `# BEGIN GENERATED: <name>`
/// and `# END GENERATED: <name>`: what the template must say exactly as the code declares it.
public enum TemplateSections {
    /// The generated parts by name: the table resources, the ARNs DatabaseManager may use, the
    /// schedule rules with their permissions, the API's CORS preflight, the alarms, the outputs
    /// naming the tables and buckets, and each stream consumer's events and stream policy.
    public static func blocks(
        tables: [TableDefinition] = Tables.all,
        rules: [ScheduleRule] = Schedules.all,
        mappings: [EventSourceMapping] = EventSourceMappings.all
    ) -> [(name: String, text: String)] {
        [
            ("tables", TemplateTables.resources(tables)), ("database-manager-table-arns", TemplateTables.arns(tables)),
            ("schedule-rules", TemplateRules.resources(rules)), ("api-cors", TemplateAPI.cors),
            ("alarms", TemplateAlarms.resources()),
            ("resource-outputs", TemplateAPI.outputs(tables)),
        ] + TemplateStreams.blocks(mappings)
    }

    /// `AuditLogs` for `audit-logs`: the stem of a logical id.
    public static func pascalCase(_ kebab: String) -> String {
        kebab.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The template with every generated part replaced by freshly generated text; a missing or
    /// unterminated marker is an error naming it.
    public static func regenerate(
        _ template: String,
        tables: [TableDefinition] = Tables.all,
        rules: [ScheduleRule] = Schedules.all
    ) throws -> String {
        var lines = template.components(separatedBy: "\n")
        for block in blocks(tables: tables, rules: rules) {
            let begin = lines.firstIndex {
                $0.trimmingCharacters(in: .whitespaces) == "# BEGIN GENERATED: \(block.name)"
            }
            let end = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "# END GENERATED: \(block.name)" }
            guard let begin, let end, begin < end else {
                throw AWSConfigurationError(
                    "the template has no '# BEGIN GENERATED: \(block.name)' ... '# END "
                        + "GENERATED: \(block.name)' section"
                )
            }
            lines.replaceSubrange((begin + 1)..<end, with: block.text.components(separatedBy: "\n"))
        }
        return lines.joined(separator: "\n")
    }
}
