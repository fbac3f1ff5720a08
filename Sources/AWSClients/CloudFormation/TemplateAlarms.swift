import Shared

/// The alarms of `infrastructure/template.yaml`, generated so each function has one: a function
/// whose invocations fail above `functionErrorRatePercent` in `periodSeconds`, the API's 5xx
/// answers above `apiServerErrorRatePercent`, and any message in the dead-letter queue, each
/// to the alerts topic (when it fires and when it clears).
public enum TemplateAlarms {
    public static let functionErrorRatePercent = 5
    public static let apiServerErrorRatePercent = 1
    public static let periodSeconds = 300

    /// `ContractProcessorErrorRateAlarm`.
    public static func logicalID(_ function: FunctionName) -> String {
        function.rawValue + "ErrorRateAlarm"
    }

    static func resources(_ functions: [FunctionName] = FunctionName.allCases) -> String {
        (functions.flatMap(functionAlarm) + apiAlarm + deadLetterAlarm).joined(separator: "\n")
    }

    private static func header(_ id: String, name: String, description: String) -> [String] {
        [
            "  \(id):",
            "    Type: AWS::CloudWatch::Alarm",
            "    Properties:",
            "      AlarmName: !Sub \"${Environment}-testex-\(name)\"",
            "      AlarmDescription: \"\(description)\"",
            "      AlarmActions: [!Ref AlertsTopic]",
            "      OKActions: [!Ref AlertsTopic]",
            "      EvaluationPeriods: 1",
            "      TreatMissingData: notBreaching",
            "      ComparisonOperator: GreaterThanThreshold",
        ]
    }

    /// Errors over invocations, as a percentage (no invocations: no data, not an alarm).
    private static func functionAlarm(_ function: FunctionName) -> [String] {
        func stat(_ id: String, _ metric: String) -> [String] {
            [
                "        - Id: \(id)",
                "          ReturnData: false",
                "          MetricStat:",
                "            Metric:",
                "              Namespace: AWS/Lambda",
                "              MetricName: \(metric)",
                "              Dimensions:",
                "                - Name: FunctionName",
                "                  Value: !Ref \(TemplateRules.functionID(function))",
                "            Period: \(periodSeconds)",
                "            Stat: Sum",
            ]
        }
        let description =
            "more than \(functionErrorRatePercent)% of \(function.rawValue)'s invocations failed in "
            + "\(periodSeconds / 60) minutes"
        return header(logicalID(function), name: "\(function.kebabName)-error-rate", description: description) + [
            "      Threshold: \(functionErrorRatePercent)",
            "      Metrics:",
        ] + stat("errors", "Errors") + stat("invocations", "Invocations") + [
            "        - Id: rate",
            "          Label: error rate (%)",
            "          Expression: \"100 * errors / invocations\"",
            "          ReturnData: true",
        ]
    }

    /// API Gateway's `5XXError` averages to the share of answers that were 5xx.
    private static var apiAlarm: [String] {
        let description =
            "more than \(apiServerErrorRatePercent)% of the API's answers were 5xx in "
            + "\(periodSeconds / 60) minutes"
        return header("ApiServerErrorRateAlarm", name: "api-5xx-rate", description: description) + [
            "      Namespace: AWS/ApiGateway",
            "      MetricName: 5XXError",
            "      Dimensions:",
            "        - Name: ApiName",
            "          Value: !Sub \"${Environment}-testex-api\"",
            "        - Name: Stage",
            "          Value: !Ref Environment",
            "      Statistic: Average",
            "      Period: \(periodSeconds)",
            "      Threshold: \(Double(apiServerErrorRatePercent) / 100)",
        ]
    }

    private static var deadLetterAlarm: [String] {
        header(
            "DeadLetterQueueAlarm",
            name: "dead-letters",
            description: "an invocation or stream batch failed for good and waits in the dead-letter queue"
        ) + [
            "      Namespace: AWS/SQS",
            "      MetricName: ApproximateNumberOfMessagesVisible",
            "      Dimensions:",
            "        - Name: QueueName",
            "          Value: !GetAtt DeadLetterQueue.QueueName",
            "      Statistic: Maximum",
            "      Period: \(periodSeconds)",
            "      Threshold: 0",
        ]
    }
}
