import AWSEvents
import Foundation
import Shared
import WireFormat

/// `db tables | scan <table> | get <table> <key>`: read the DynamoDB stand-in.
enum DbCommand {
    @Sendable static func tables(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        try context.arguments.finish()
        let system = try await context.openSystem()
        var rows: [JSONValue] = []
        for table in Tables.all {
            let name = system.services.tableName(table)
            let count = try await system.allItems(name).count
            let indexes = table.indexes.map(\.name)
            if format == .json {
                rows.append([
                    "name": .string(name), "key": .array(table.keyAttributes.map { .string($0.name) }),
                    "indexes": .array(indexes.map(JSONValue.string)), "item_count": .number(Decimal(count)),
                ])
            } else {
                context.console.out(
                    "\(name)\tkey: \(table.keyAttributes.map(\.name).joined(separator: ", "))"
                        + "\tindexes: \(indexes.isEmpty ? "-" : indexes.joined(separator: ", "))\titems: \(count)"
                )
            }
        }
        if format == .json { context.console.out(JSON.string(JSONValue.array(rows))) }
        return TestexLocal.Exit.success
    }

    /// As `aws dynamodb scan` with `--dynamodb-json`: `{"Items":[...],"Count":N,"ScannedCount":N}`.
    @Sendable static func scan(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let typed = context.arguments.flag("--dynamodb-json")
        let tableName = try context.arguments.next("table name")
        try context.arguments.finish()
        let table = try resolve(tableName, context.configuration)
        let system = try await context.openSystem()
        let items = try await system.allItems(of: table)
        if typed {
            let document: [String: AnyEncodable] = [
                "Items": AnyEncodable(items.map(DynamoDBAttributeValue.item)),
                "Count": AnyEncodable(items.count), "ScannedCount": AnyEncodable(items.count),
            ]
            context.console.out(JSON.string(document, pretty: format == .text))
        } else {
            context.console.out(JSON.string(items, pretty: format == .text))
        }
        return TestexLocal.Exit.success
    }

    /// As `aws dynamodb get-item` with `--dynamodb-json`: `{"Item":{...}}`.
    @Sendable static func get(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let typed = context.arguments.flag("--dynamodb-json")
        let tableName = try context.arguments.next("table name")
        let keyText = try context.arguments.next("key (the \(tableName) key value, or a JSON object)")
        try context.arguments.finish()
        let table = try resolve(tableName, context.configuration)
        let key: Item
        if keyText.hasPrefix("{") {
            guard let parsed = try? JSON.decode(Item.self, from: Data(keyText.utf8)) else {
                throw UsageError("the key is not a JSON object")
            }
            key = parsed
        } else {
            key = [table.partitionKey.name: .string(keyText)]
        }
        let system = try await context.openSystem()
        let physical = system.services.tableName(table)
        let item: Item?
        do {
            item = try await system.tables.getItem(table: physical, key: key)
        } catch let error as TableError {
            throw UsageError(error.description)
        }
        guard let item else { throw NotFound("no item with key \(JSON.string(key)) in \(physical)") }
        if typed {
            context.console.out(JSON.string(["Item": DynamoDBAttributeValue.item(item)], pretty: format == .text))
        } else {
            context.console.out(JSON.string(item, pretty: format == .text))
        }
        return TestexLocal.Exit.success
    }

    /// Accepts the logical name (`contracts`) or the physical one (`development-testex-contracts`).
    static func resolve(_ name: String, _ configuration: Configuration) throws -> TableDefinition {
        guard let table = Tables.all.first(where: { $0.name == name || configuration.resourceName($0.name) == name })
        else {
            throw UsageError("unknown table '\(name)'; one of \(Tables.all.map(\.name).joined(separator: ", "))")
        }
        return table
    }
}
