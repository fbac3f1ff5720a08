import Shared

/// The EventBridge rules of `infrastructure/template.yaml`, generated from `Schedules.all`: one
/// `AWS::Events::Rule` per rule, targeting its function, and the `AWS::Lambda::Permission` that
/// lets that rule, and only it, invoke the function.
public enum TemplateRules {
    /// `ContractExpiryRule` for `contract-expiry`.
    public static func logicalID(_ rule: ScheduleRule) -> String {
        TemplateSections.pascalCase(rule.name) + "Rule"
    }

    /// `ContractProcessorFunction`, the template's resource of a function.
    public static func functionID(_ function: FunctionName) -> String {
        function.rawValue + "Function"
    }

    /// The rule resources and their permissions, at the indentation of `Resources`.
    static func resources(_ rules: [ScheduleRule]) -> String {
        rules.flatMap { rule -> [String] in
            let id = logicalID(rule)
            let target = functionID(rule.target)
            return [
                "  \(id):",
                "    Type: AWS::Events::Rule",
                "    Properties:",
                "      Name: !Sub \"${Environment}-testex-\(rule.name)\"",
                "      Description: \(quoted(rule.description))",
                "      ScheduleExpression: \(quoted(rule.expression.description))",
                "      State: ENABLED",
                "      Targets:",
                "        - Id: \(rule.target.rawValue)",
                "          Arn: !GetAtt \(target).Arn",
                "  \(id)Permission:",
                "    Type: AWS::Lambda::Permission",
                "    Properties:",
                "      Action: lambda:InvokeFunction",
                "      FunctionName: !Ref \(target)",
                "      Principal: events.amazonaws.com",
                "      SourceArn: !GetAtt \(id).Arn",
            ]
        }.joined(separator: "\n")
    }

    /// A YAML double-quoted scalar.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
