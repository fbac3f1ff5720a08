import Shared

/// The stream event sources of `infrastructure/template.yaml`, generated from
/// `EventSourceMappings.all`: each consumer's `DynamoDB` event with the batch, retry, bisect and
/// on-failure settings the local poller plays, and its role's right to read the stream.
public enum TemplateStreams {
    /// The consumers, each with its two generated blocks' names.
    static func blocks(_ mappings: [EventSourceMapping]) -> [(name: String, text: String)] {
        let functions = FunctionName.allCases.filter { function in mappings.contains { $0.function == function } }
        return functions.flatMap { function -> [(name: String, text: String)] in
            let own = mappings.filter { $0.function == function }
            return [
                ("\(function.kebabName)-stream-events", events(own)),
                ("\(function.kebabName)-stream-policy", policy(own)),
            ]
        }
    }

    /// The stream events among the `Events` of a function's `Properties`, at their indentation
    /// (the `Events:` key is the template's, since a function may have events of other kinds).
    static func events(_ mappings: [EventSourceMapping]) -> String {
        mappings.flatMap { mapping in
            [
                "        \(mapping.eventName):",
                "          Type: DynamoDB",
                "          Properties:",
                "            Stream: !GetAtt \(TemplateTables.logicalID(mapping.table)).StreamArn",
                "            StartingPosition: \(mapping.startingPosition)",
                "            BatchSize: \(mapping.batchSize)",
                "            MaximumRetryAttempts: \(mapping.maximumRetryAttempts)",
                "            BisectBatchOnFunctionError: \(mapping.bisectBatchOnFunctionError)",
                "            DestinationConfig:",
                "              OnFailure:",
                "                Destination: !GetAtt DeadLetterQueue.Arn",
            ]
        }.joined(separator: "\n")
    }

    /// A policy of the function's role: reading the streams it consumes.
    static func policy(_ mappings: [EventSourceMapping]) -> String {
        ([
            "        - PolicyName: read-streams",
            "          PolicyDocument:",
            "            Version: \"2012-10-17\"",
            "            Statement:",
            "              - Effect: Allow",
            "                Action: [dynamodb:DescribeStream, dynamodb:GetRecords, "
                + "dynamodb:GetShardIterator, dynamodb:ListStreams]",
            "                Resource:",
        ] + mappings.map { "                  - !GetAtt \(TemplateTables.logicalID($0.table)).StreamArn" }).joined(
            separator: "\n"
        )
    }
}
