import AWSEvents
import Shared
import WireFormat

extension TableDefinition {
    /// The body of CreateTable: key schema, the attribute definitions of every key, on-demand
    /// billing, and each index projecting all attributes.
    var createTableRequest: JSONValue {
        var body: [String: JSONValue] = [
            "TableName": .string(name),
            "KeySchema": Self.keySchema(partitionKey, sortKey),
            "AttributeDefinitions": .array(
                allKeyAttributes.map {
                    ["AttributeName": .string($0.name), "AttributeType": .string($0.type.rawValue)]
                }
            ),
            "BillingMode": "PAY_PER_REQUEST",
        ]
        if let stream {
            body["StreamSpecification"] = ["StreamEnabled": true, "StreamViewType": .string(stream.rawValue)]
        }
        if !indexes.isEmpty {
            body["GlobalSecondaryIndexes"] = .array(
                indexes.map { index in
                    [
                        "IndexName": .string(index.name),
                        "KeySchema": Self.keySchema(index.partitionKey, index.sortKey),
                        "Projection": ["ProjectionType": "ALL"],
                    ]
                }
            )
        }
        return .object(body)
    }

    /// Every attribute that is a key of the table or of an index, once, in declaration order.
    public var allKeyAttributes: [KeyAttribute] {
        var seen: Set<String> = []
        return (keyAttributes + indexes.flatMap { [$0.partitionKey] + ($0.sortKey.map { [$0] } ?? []) })
            .filter { seen.insert($0.name).inserted }
    }

    /// The definition DescribeTable answers (`Table` of its response).
    init(describing table: JSONValue) throws {
        guard case .object(let fields) = table, let name = fields["TableName"]?.stringValue else {
            throw AWSServiceError(
                service: "dynamodb",
                status: 200,
                code: "MalformedResponse",
                message: "DescribeTable answered no table"
            )
        }
        let types = Self.attributeTypes(fields["AttributeDefinitions"])
        let (partition, sort) = Self.keys(fields["KeySchema"], types: types)
        let indexes = Self.indexes(fields["GlobalSecondaryIndexes"], types: types)
        guard let partition else {
            throw AWSServiceError(
                service: "dynamodb",
                status: 200,
                code: "MalformedResponse",
                message: "table \(name) has no partition key"
            )
        }
        let stream: DynamoDBEvent.StreamViewType? =
            if case .object(let spec)? = fields["StreamSpecification"],
                spec["StreamEnabled"] == .bool(true)
            {
                spec["StreamViewType"]?.stringValue.flatMap(DynamoDBEvent.StreamViewType.init)
            } else { nil }
        self.init(
            name: name,
            partitionKey: partition,
            sortKey: sort,
            indexes: indexes.sorted { $0.name < $1.name },
            stream: stream
        )
    }

    /// The key attributes' types, by name, from `AttributeDefinitions`.
    private static func attributeTypes(_ definitions: JSONValue?) -> [String: KeyType] {
        guard case .array(let definitions)? = definitions else { return [:] }
        var types: [String: KeyType] = [:]
        for definition in definitions {
            if let attribute = definition.field("AttributeName"),
                let type = definition.field("AttributeType").flatMap(KeyType.init)
            {
                types[attribute] = type
            }
        }
        return types
    }

    /// The global secondary indexes described, each with its keys (one without a partition key is left out).
    private static func indexes(_ described: JSONValue?, types: [String: KeyType]) -> [IndexDefinition] {
        guard case .array(let described)? = described else { return [] }
        var indexes: [IndexDefinition] = []
        for index in described {
            guard case .object(let indexFields) = index, let indexName = indexFields["IndexName"]?.stringValue
            else { continue }
            let (indexPartition, indexSort) = Self.keys(indexFields["KeySchema"], types: types)
            if let indexPartition {
                indexes.append(IndexDefinition(name: indexName, partitionKey: indexPartition, sortKey: indexSort))
            }
        }
        return indexes
    }

    /// Whether `other` (as DescribeTable answers it) has the same keys and indexes, in any order.
    func hasSameSchema(as other: TableDefinition) -> Bool {
        partitionKey == other.partitionKey && sortKey == other.sortKey && Set(indexes) == Set(other.indexes)
    }

    private static func keySchema(_ partition: KeyAttribute, _ sort: KeyAttribute?) -> JSONValue {
        var schema: [JSONValue] = [["AttributeName": .string(partition.name), "KeyType": "HASH"]]
        if let sort { schema.append(["AttributeName": .string(sort.name), "KeyType": "RANGE"]) }
        return .array(schema)
    }

    private static func keys(_ schema: JSONValue?, types: [String: KeyType]) -> (KeyAttribute?, KeyAttribute?) {
        guard case .array(let elements)? = schema else { return (nil, nil) }
        var partition: KeyAttribute?
        var sort: KeyAttribute?
        for element in elements {
            guard let attribute = element.field("AttributeName") else { continue }
            let key = KeyAttribute(attribute, types[attribute] ?? .string)
            if element.field("KeyType") == "HASH" { partition = key } else { sort = key }
        }
        return (partition, sort)
    }
}

extension JSONValue {
    /// The string at `name` of an object.
    func field(_ name: String) -> String? {
        guard case .object(let fields) = self else { return nil }
        return fields[name]?.stringValue
    }
}
