import Foundation
import Shared

/// `db tables | scan <table> | get <table> <key>`: read the DynamoDB stand-in.
enum DbCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let sub = try context.arguments.next("db subcommand (tables, scan, get)")
        switch sub {
        case "tables":
            try context.arguments.finish()
            let system = try await context.openSystem()
            for table in Tables.all {
                let name = system.services.tableName(table)
                let count = try await system.allItems(name).count
                let indexes = table.indexes.map(\.name).joined(separator: ", ")
                context.console.out("\(name)\tkey: \(table.keyAttributes.map(\.name).joined(separator: ", "))\tindexes: \(indexes.isEmpty ? "-" : indexes)\titems: \(count)")
            }
        case "scan":
            let tableName = try context.arguments.next("table name")
            try context.arguments.finish()
            let system = try await context.openSystem()
            let table = try resolve(tableName, system.configuration)
            context.console.out(JSON.string(try await system.allItems(of: table), pretty: true))
        case "get":
            let tableName = try context.arguments.next("table name")
            let keyText = try context.arguments.next("key (the \(tableName) key value, or a JSON object)")
            try context.arguments.finish()
            let system = try await context.openSystem()
            let table = try resolve(tableName, system.configuration)
            let key: Item
            if keyText.hasPrefix("{") {
                guard let parsed = try? JSON.decode(Item.self, from: Data(keyText.utf8)) else { throw UsageError("the key is not a JSON object") }
                key = parsed
            } else {
                key = [table.partitionKey.name: .string(keyText)]
            }
            do {
                guard let item = try await system.tables.getItem(table: system.services.tableName(table), key: key) else {
                    context.console.err("no item with key \(JSON.string(key)) in \(system.services.tableName(table))")
                    return TestexLocal.Exit.clientError
                }
                context.console.out(JSON.string(item, pretty: true))
            } catch let error as TableError {
                throw UsageError(error.description)
            }
        default:
            throw UsageError("unknown db subcommand '\(sub)'; one of tables, scan, get")
        }
        return TestexLocal.Exit.success
    }

    /// Accepts the logical name (`contracts`) or the physical one (`development-testex-contracts`).
    static func resolve(_ name: String, _ configuration: Configuration) throws -> TableDefinition {
        guard let table = Tables.all.first(where: { $0.name == name || configuration.resourceName($0.name) == name }) else {
            throw UsageError("unknown table '\(name)'; one of \(Tables.all.map(\.name).joined(separator: ", "))")
        }
        return table
    }
}
