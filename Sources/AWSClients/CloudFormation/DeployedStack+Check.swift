import Shared

/// What the code expects of a deployed stack: every table of `Tables.all` and every bucket,
/// named in the outputs as the code names it for the environment, and there: each table with
/// its keys, indexes and stream. The answer is one line per problem (none: the stack is what
/// the code needs).
extension DeployedStack {
    public func problems(
        for configuration: Configuration,
        tables: any TableStore,
        objects: any ObjectStore
    ) async throws -> [String] {
        guard status.hasSuffix("_COMPLETE"), !status.contains("ROLLBACK"), !status.hasPrefix("DELETE") else {
            return ["stack \(name) is \(status)"]
        }
        var problems: [String] = []
        for declared in Tables.all {
            let table = declared.physical(in: configuration)
            let output = TemplateAPI.outputName(table: declared)
            guard let named = outputs[output] else {
                problems.append("stack \(name) has no output \(output)")
                continue
            }
            guard named == table.name else {
                problems.append("stack \(name) names table \(named) (\(output)); the code expects \(table.name)")
                continue
            }
            guard let deployed = try await tables.describeTable(table.name) else {
                problems.append("table \(table.name) of stack \(name) does not exist")
                continue
            }
            if !deployed.hasSameSchema(as: table) || deployed.stream != table.stream {
                problems.append(
                    "table \(table.name) of stack \(name) has other keys, indexes or stream "
                        + "than the code declares"
                )
            }
        }
        let buckets = Set(try await objects.listBuckets().map(\.name))
        for stem in Buckets.stems {
            let output = TemplateAPI.outputName(bucket: stem)
            let expected = configuration.resourceName(stem)
            if outputs[output] != expected {
                let named = outputs[output] ?? "none"
                problems.append("stack \(name) names bucket \(named) (\(output)); the code expects \(expected)")
            } else if !buckets.contains(expected) {
                problems.append("bucket \(expected) of stack \(name) does not exist")
            }
        }
        return problems
    }
}
