import Foundation
import Shared
import Signing
import WireFormat

/// `TableStore` over DynamoDB's JSON API (`X-Amz-Target: DynamoDB_20120810.<Operation>`).
/// Conditions, key conditions, filters and updates are sent as expressions with placeholders;
/// DynamoDB's errors come back as `TableError`s. Numbers and start keys are checked with
/// `TableRules` before anything is sent, so an emulator that does not check them (moto)
/// refuses what DynamoDB and the stand-ins refuse.
public struct DynamoDBTableStore: TableStore, TableStreams {
    private let client: AWSServiceClient
    /// The DynamoDB Streams API, for `TableStreams`.
    let streamsClient: AWSServiceClient
    private let schemas = SchemaCache()
    /// How long `createTable` waits for a new table to become ACTIVE.
    private let activationTimeout: Duration

    public init(
        configuration: AWSConfiguration,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: @escaping @Sendable () -> Date = { Date() },
        activationTimeout: Duration = .seconds(120)
    ) {
        client = AWSServiceClient(configuration: configuration, service: .dynamodb, transport: transport, clock: clock)
        streamsClient = AWSServiceClient(
            configuration: configuration,
            service: .dynamodbStreams,
            transport: transport,
            clock: clock
        )
        self.activationTimeout = activationTimeout
    }

    public func createTable(_ definition: TableDefinition) async throws {
        do {
            _ = try await call("CreateTable", definition.createTableRequest, table: definition.name)
        } catch let error as AWSServiceError where error.code == "ResourceInUseException" {
            guard let existing = try await describeTable(definition.name) else { throw error }
            guard existing.hasSameSchema(as: definition) else {
                throw TableError.validation("table \(definition.name) exists with other keys or indexes")
            }
            if existing.stream != definition.stream, let stream = definition.stream {
                try await waitUntilActive(definition.name)
                let spec: JSONValue = ["StreamEnabled": true, "StreamViewType": .string(stream.rawValue)]
                _ = try await call(
                    "UpdateTable",
                    ["TableName": .string(definition.name), "StreamSpecification": spec],
                    table: definition.name
                )
            }
        }
        try await waitUntilActive(definition.name)
        await schemas.store(definition)
    }

    public func listTables() async throws -> [String] {
        let pages = Paginator<String, JSONValue>(
            fetch: { start in
                var body: [String: JSONValue] = [:]
                if let start { body["ExclusiveStartTableName"] = .string(start) }
                return try await call("ListTables", .object(body), table: nil)
            },
            next: { $0["LastEvaluatedTableName"]?.stringValue }
        )
        return try await pages.items { answer in
            guard case .array(let names)? = answer["TableNames"] else { return [] }
            return names.compactMap(\.stringValue)
        }
    }

    public func describeTable(_ table: String) async throws -> TableDefinition? {
        do {
            let answer = try await call("DescribeTable", ["TableName": .string(table)], table: table)
            return try TableDefinition(describing: answer["Table"] ?? .null)
        } catch TableError.resourceNotFound {
            return nil
        }
    }

    public func putItem(table: String, item: Item, condition: Condition?) async throws {
        var body: [String: JSONValue] = ["TableName": .string(table), "Item": AttributeValue.encode(item)]
        var builder = ExpressionBuilder()
        if let condition { body["ConditionExpression"] = .string(builder.condition(condition)) }
        builder.addPlaceholders(to: &body)
        _ = try await call("PutItem", .object(body), table: table, item: item)
    }

    public func getItem(table: String, key: Item) async throws -> Item? {
        let answer = try await call(
            "GetItem",
            ["TableName": .string(table), "Key": AttributeValue.encode(key), "ConsistentRead": true],
            table: table
        )
        return try AttributeValue.decodeItem(answer["Item"])
    }

    public func updateItem(
        table: String,
        key: Item,
        actions: [UpdateAction],
        condition: Condition?
    ) async throws -> Item {
        var body: [String: JSONValue] = [
            "TableName": .string(table), "Key": AttributeValue.encode(key), "ReturnValues": "ALL_NEW",
        ]
        var builder = ExpressionBuilder()
        if let update = builder.update(actions) { body["UpdateExpression"] = .string(update) }
        if let condition { body["ConditionExpression"] = .string(builder.condition(condition)) }
        builder.addPlaceholders(to: &body)
        let answer = try await call("UpdateItem", .object(body), table: table, item: key)
        return try AttributeValue.decodeItem(answer["Attributes"]) ?? key
    }

    @discardableResult
    public func deleteItem(table: String, key: Item, condition: Condition?) async throws -> Item? {
        var body: [String: JSONValue] = [
            "TableName": .string(table), "Key": AttributeValue.encode(key), "ReturnValues": "ALL_OLD",
        ]
        var builder = ExpressionBuilder()
        if let condition { body["ConditionExpression"] = .string(builder.condition(condition)) }
        builder.addPlaceholders(to: &body)
        let answer = try await call("DeleteItem", .object(body), table: table)
        return try AttributeValue.decodeItem(answer["Attributes"])
    }

    public func query(_ request: QueryRequest) async throws -> ItemPage {
        let keys = try await keyAttributes(table: request.table, index: request.index)
        if let start = request.exclusiveStartKey {
            let definition = try await schema(request.table)
            try TableRules.validateQueryStart(
                start,
                definition: definition,
                index: request.index.flatMap(definition.index(named:)),
                partitionKey: request.partitionKey
            )
        }
        var builder = ExpressionBuilder()
        var keyCondition = "\(builder.name(keys.partition)) = \(builder.value(request.partitionKey))"
        if let sortKey = request.sortKey {
            guard let sortName = keys.sort else {
                throw TableError.validation(
                    "\(request.index ?? request.table) has no sort key to apply a sort-key condition to"
                )
            }
            keyCondition += " AND " + builder.sortKey(sortName, sortKey)
        }
        var body: [String: JSONValue] = [
            "TableName": .string(request.table), "KeyConditionExpression": .string(keyCondition),
            "ScanIndexForward": .bool(request.scanForward),
        ]
        if let index = request.index { body["IndexName"] = .string(index) } else { body["ConsistentRead"] = true }
        if let filter = request.filter { body["FilterExpression"] = .string(builder.condition(filter)) }
        builder.addPlaceholders(to: &body)
        return try await page(
            "Query",
            body,
            limit: request.limit,
            start: request.exclusiveStartKey,
            table: request.table
        )
    }

    public func scan(_ request: ScanRequest) async throws -> ItemPage {
        if let start = request.exclusiveStartKey {
            try TableRules.validateScanStart(start, definition: try await schema(request.table))
        }
        var body: [String: JSONValue] = ["TableName": .string(request.table), "ConsistentRead": true]
        var builder = ExpressionBuilder()
        if let filter = request.filter { body["FilterExpression"] = .string(builder.condition(filter)) }
        builder.addPlaceholders(to: &body)
        return try await page(
            "Scan",
            body,
            limit: request.limit,
            start: request.exclusiveStartKey,
            table: request.table
        )
    }

    private func page(
        _ operation: String,
        _ body: [String: JSONValue],
        limit: Int?,
        start: Item?,
        table: String
    ) async throws -> ItemPage {
        var body = body
        if let limit {
            guard limit > 0 else { throw TableError.validation("Limit must be at least 1") }
            body["Limit"] = .number(Decimal(limit))
        }
        if let start { body["ExclusiveStartKey"] = AttributeValue.encode(start) }
        let answer = try await call(operation, .object(body), table: table)
        guard case .array(let items)? = answer["Items"] else { return ItemPage(items: [], lastEvaluatedKey: nil) }
        return ItemPage(
            items: try items.compactMap { try AttributeValue.decodeItem($0) },
            lastEvaluatedKey: try AttributeValue.decodeItem(answer["LastEvaluatedKey"])
        )
    }

    /// The table's definition, from DescribeTable (asked once per table and process).
    private func schema(_ table: String) async throws -> TableDefinition {
        if let definition = await schemas.definition(table) { return definition }
        guard let described = try await describeTable(table) else { throw TableError.resourceNotFound(table: table) }
        await schemas.store(described)
        return described
    }

    /// The key attribute names of the table or index.
    private func keyAttributes(table: String, index: String?) async throws -> (partition: String, sort: String?) {
        let definition = try await schema(table)
        guard let index else { return (definition.partitionKey.name, definition.sortKey?.name) }
        guard let described = definition.index(named: index) else {
            throw TableError.validation("table \(table) has no index \(index)")
        }
        return (described.partitionKey.name, described.sortKey?.name)
    }

    /// Polls DescribeTable until the table (and its indexes) are ACTIVE, as a new table on AWS is CREATING for a while.
    private func waitUntilActive(_ table: String) async throws {
        let deadline = ContinuousClock.now + activationTimeout
        while true {
            let answer = try await call("DescribeTable", ["TableName": .string(table)], table: table)
            let indexesActive: Bool =
                if case .array(let indexes)? = answer["Table"]?["GlobalSecondaryIndexes"] {
                    indexes.allSatisfy { ($0.field("IndexStatus") ?? "ACTIVE") == "ACTIVE" }
                } else { true }
            if answer["Table"]?.field("TableStatus") == "ACTIVE", indexesActive { return }
            guard ContinuousClock.now < deadline else {
                throw AWSServiceError(
                    service: "dynamodb",
                    status: 200,
                    code: "TableNotActive",
                    message: "table \(table) is not ACTIVE after \(activationTimeout)"
                )
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// One call of the JSON API; error answers become `TableError` where the protocol names them.
    func call(
        _ operation: String,
        _ body: JSONValue,
        table: String?,
        item: Item? = nil,
        streams: Bool = false
    ) async throws -> JSONValue {
        try AttributeValue.validateNumbers(in: body)
        let request = AWSRequest(
            method: "POST",
            headers: [
                ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", (streams ? "DynamoDBStreams_20120810." : "DynamoDB_20120810.") + operation),
            ],
            body: try JSON.encode(body)
        )
        let response = try await (streams ? streamsClient : client).send(request)
        let answer = (try? JSON.decode(JSONValue.self, from: response.body)) ?? .object([:])
        guard response.isSuccess else { throw Self.error(response, answer, table: table, item: item) }
        return answer
    }

    static func error(_ response: AWSResponse, _ answer: JSONValue, table: String?, item: Item?) -> Error {
        let type = answer.field("__type") ?? response.header("x-amzn-ErrorType") ?? "HTTP\(response.status)"
        let code =
            String(type.split(separator: "#").last ?? Substring(type)).split(separator: ":").first.map(String.init)
            ?? type
        let message =
            answer.field("message") ?? answer.field("Message")
            ?? String(decoding: response.body.prefix(300), as: UTF8.self)
        let name = table ?? "-"
        switch code {
        case "ConditionalCheckFailedException": return TableError.conditionalCheckFailed(table: name)
        case "TransactionCanceledException": return TableError.transactionCanceled(reasons: cancellationReasons(answer))
        case "ResourceNotFoundException": return TableError.resourceNotFound(table: name)
        case "ValidationException" where message.contains("Item size"):
            return TableError.itemTooLarge(table: name, bytes: item.map { (try? JSON.encode($0).count) ?? 0 } ?? 0)
        case "ValidationException": return TableError.validation(message)
        default: return AWSServiceError(service: "dynamodb", status: response.status, code: code, message: message)
        }
    }
}

/// Table definitions already described, so a query asks DescribeTable once per table and process.
private actor SchemaCache {
    private var definitions: [String: TableDefinition] = [:]

    func definition(_ table: String) -> TableDefinition? { definitions[table] }
    func store(_ definition: TableDefinition) { definitions[definition.name] = definition }
}
