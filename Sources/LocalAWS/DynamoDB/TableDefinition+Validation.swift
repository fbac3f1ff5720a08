import Foundation
import Shared
import WireFormat

/// The request validation DynamoDB performs before it reads or writes anything, shared by every
/// `TableStore` so both stand-ins reject exactly the same requests.
extension TableDefinition {
    /// DynamoDB's limits on key values, in bytes.
    static let maximumPartitionKeySize = 2048
    static let maximumSortKeySize = 1024

    /// Throws unless `name` is a valid table or index name: DynamoDB's 3...255 characters of
    /// `[A-Za-z0-9_.-]`, and (for the file layout) not starting with a dot.
    static func validateName(_ name: String, what: String) throws {
        let allowed = name.utf8.allSatisfy { KeyFileName.isUnreserved($0) || $0 == UInt8(ascii: ".") }
        guard (3...255).contains(name.utf8.count), allowed, !name.hasPrefix(".") else {
            throw TableError.validation(
                "invalid \(what) name \"\(name)\": use 3 to 255 of A-Z a-z 0-9 _ - . not starting with a dot"
            )
        }
    }

    /// Throws unless the definition is one DynamoDB would create.
    func validate() throws {
        try Self.validateName(name, what: "table")
        var seen = Set<String>()
        for index in indexes {
            try Self.validateName(index.name, what: "index")
            guard seen.insert(index.name).inserted else { throw TableError.validation("duplicate index \(index.name)") }
        }
        let attributes = keyAttributes + indexes.flatMap { [$0.partitionKey] + ($0.sortKey.map { [$0] } ?? []) }
        for attribute in attributes where attribute.name.isEmpty {
            throw TableError.validation("a key attribute name is empty in table \(name)")
        }
        if let sortKey, sortKey.name == partitionKey.name {
            throw TableError.validation("partition and sort key of table \(name) are the same attribute")
        }
    }

    /// Throws unless the item can be stored: key attributes present with their declared types,
    /// index key attributes (when present) with theirs, no empty attribute names, every number
    /// within DynamoDB's range and precision.
    func validateItem(_ item: Item) throws {
        guard !item.keys.contains("") else { throw TableError.validation("an attribute name is empty") }
        try TableRules.validateNumbers(in: item)
        for attribute in keyAttributes {
            guard let value = item[attribute.name] else {
                throw TableError.validation("missing the key \(attribute.name) in the item")
            }
            try validateKeyValue(value, of: attribute, isSortKey: attribute == sortKey, what: "key")
        }
        for index in indexes {
            for attribute in index.keyAttributes {
                guard let value = item[attribute.name] else { continue }
                try validateKeyValue(value, of: attribute, isSortKey: attribute == index.sortKey, what: "index key")
            }
        }
    }

    /// Throws unless `key` holds exactly the table's key attributes with their declared types.
    func validateKey(_ key: Item) throws {
        guard key.count == keyAttributes.count, keyAttributes.allSatisfy({ key[$0.name] != nil }) else {
            throw TableError.validation("the provided key element does not match the schema of table \(name)")
        }
        try TableRules.validateNumbers(in: key)
        for attribute in keyAttributes {
            try validateKeyValue(key[attribute.name]!, of: attribute, isSortKey: attribute == sortKey, what: "key")
        }
    }

    private func validateKeyValue(_ value: JSONValue, of attribute: KeyAttribute, isSortKey: Bool, what: String) throws
    {
        guard value.matches(attribute.type) else {
            throw TableError.validation(
                "type mismatch for \(what) \(attribute.name): expected a non-empty \(attribute.type.rawValue)"
            )
        }
        let limit = isSortKey ? Self.maximumSortKeySize : Self.maximumPartitionKeySize
        if case .string(let string) = value, string.utf8.count > limit {
            throw TableError.validation("\(what) \(attribute.name) is longer than \(limit) bytes")
        }
    }
}

extension IndexDefinition {
    /// The index's key attributes, partition key first.
    var keyAttributes: [KeyAttribute] { [partitionKey] + (sortKey.map { [$0] } ?? []) }

    /// Whether the item appears in this (sparse) index: it has every index key attribute with its type.
    func contains(_ item: Item) -> Bool {
        keyAttributes.allSatisfy { item[$0.name]?.matches($0.type) ?? false }
    }
}
