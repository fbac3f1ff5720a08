extension DynamoDBEvent.EventRecord {
    /// The table whose stream the record comes from, read from its stream ARN
    /// (`arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>`); nil for another ARN.
    public var tableName: String? {
        let parts = eventSourceArn.split(separator: "/")
        guard eventSourceArn.hasPrefix("arn:aws:dynamodb:"), parts.count == 4, parts[0].hasSuffix(":table"),
            parts[2] == "stream"
        else { return nil }
        return String(parts[1])
    }
}
