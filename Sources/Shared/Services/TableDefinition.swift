/// The type of a key attribute, as DynamoDB declares it (`S` or `N`).
import AWSEvents
import WireFormat

public enum KeyType: String, Sendable, Codable, Hashable {
    case string = "S"
    case number = "N"
}

/// One key attribute: its name and type.
public struct KeyAttribute: Sendable, Codable, Hashable {
    public let name: String
    public let type: KeyType

    public init(_ name: String, _ type: KeyType = .string) {
        self.name = name
        self.type = type
    }
}

/// A global secondary index projecting all attributes.
public struct IndexDefinition: Sendable, Codable, Hashable {
    public let name: String
    public let partitionKey: KeyAttribute
    public let sortKey: KeyAttribute?

    public init(name: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }
}

/// A table's key schema, indexes and stream, declared once and used by the stand-ins, the AWS
/// client and the infrastructure template. `name` is the logical name; `physical(in:)` adds the
/// environment.
public struct TableDefinition: Sendable, Codable, Hashable {
    public let name: String
    public let partitionKey: KeyAttribute
    public let sortKey: KeyAttribute?
    public let indexes: [IndexDefinition]
    /// What the table's DynamoDB stream records of each change; nil when it has no stream.
    public let stream: DynamoDBEvent.StreamViewType?

    public init(
        name: String,
        partitionKey: KeyAttribute,
        sortKey: KeyAttribute? = nil,
        indexes: [IndexDefinition] = [],
        stream: DynamoDBEvent.StreamViewType? = nil
    ) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.indexes = indexes
        self.stream = stream
    }

    enum CodingKeys: String, CodingKey {
        case name, partitionKey, sortKey, indexes, stream
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        partitionKey = try container.decode(KeyAttribute.self, forKey: .partitionKey)
        sortKey = try container.decodeIfPresent(KeyAttribute.self, forKey: .sortKey)
        indexes = try container.decodeIfPresent([IndexDefinition].self, forKey: .indexes) ?? []
        stream = try container.decodeIfPresent(DynamoDBEvent.StreamViewType.self, forKey: .stream)
    }

    /// The same definition under its `{env}-testex-*` name, as stores create it.
    public func physical(in configuration: Configuration) -> TableDefinition {
        TableDefinition(
            name: configuration.resourceName(name),
            partitionKey: partitionKey,
            sortKey: sortKey,
            indexes: indexes,
            stream: stream
        )
    }

    /// The same keys and indexes with another stream setting (DynamoDB's UpdateTable `StreamSpecification`).
    public func withStream(_ stream: DynamoDBEvent.StreamViewType?) -> TableDefinition {
        TableDefinition(name: name, partitionKey: partitionKey, sortKey: sortKey, indexes: indexes, stream: stream)
    }

    /// The key attributes of the table itself.
    public var keyAttributes: [KeyAttribute] { [partitionKey] + (sortKey.map { [$0] } ?? []) }

    public func index(named name: String) -> IndexDefinition? {
        indexes.first { $0.name == name }
    }

    /// The primary key of an item (its key attributes only), or nil when one is missing or mistyped.
    public func key(of item: Item) -> Item? {
        var key = Item()
        for attribute in keyAttributes {
            guard let value = item[attribute.name], value.matches(attribute.type) else { return nil }
            key[attribute.name] = value
        }
        return key
    }
}

extension JSONValue {
    /// Whether this value can be a key attribute of the given type.
    public func matches(_ type: KeyType) -> Bool {
        switch (self, type) {
        case (.string(let value), .string): return !value.isEmpty
        case (.number, .number): return true
        default: return false
        }
    }
}
