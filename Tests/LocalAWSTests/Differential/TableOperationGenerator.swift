import Foundation
import Shared
import TestSupport
import WireFormat

/// Draws a seeded sequence of table operations over a small key space, so items are written,
/// read, changed and deleted again and again, conditions hold about as often as they fail, and
/// pages end in every way. The same seed draws the same sequence.
struct TableOperationGenerator {
    let tables: DifferentialTables
    var random: SeededGenerator

    static let partitions = (0..<4).map { "P\($0)" }
    static let accounts = (0..<24).map { String(format: "A%02d", $0) }
    static let groups = ["G0", "G1", "G2"]
    static let statuses = ["ACTIVE", "SUSPENDED", "CLOSED"]
    static let letters = ["a", "b", "c", "d"]

    init(tables: DifferentialTables, seed: UInt64) {
        self.tables = tables
        random = SeededGenerator(seed: seed)
    }

    mutating func next() -> TableOperation {
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<22: return .put(table: tableName(), item: item(), condition: maybe { $0.condition() })
        case 22..<38:
            let (table, key) = anyKey()
            return .update(table: table, key: key, actions: actions(for: table), condition: maybe { $0.condition() })
        case 38..<46:
            let (table, key) = anyKey()
            return .delete(table: table, key: key, condition: maybe { $0.condition() })
        case 46..<56:
            let (table, key) = anyKey()
            return .get(table: table, key: key)
        case 56..<76: return .query(query())
        case 76..<86: return .scan(scan())
        case 86..<96: return .transaction(transaction())
        default: return hostile()
        }
    }

    // MARK: Keys and items

    mutating func tableName() -> String {
        Bool.random(using: &random) ? tables.events.name : tables.accounts.name
    }

    mutating func key(in table: String) -> Item {
        if table == tables.events.name {
            return [
                "pk": .string(Self.partitions.randomElement(using: &random)!),
                "sk": .number(Decimal(Int.random(in: 0..<10, using: &random))),
            ]
        }
        return ["id": .string(Self.accounts.randomElement(using: &random)!)]
    }

    mutating func anyKey() -> (String, Item) {
        let table = tableName()
        return (table, key(in: table))
    }

    mutating func item() -> Item {
        let table = tableName()
        var item = key(in: table)
        item["version"] = .number(Decimal(Int.random(in: 1...3, using: &random)))
        for (name, value) in indexValues(for: table, key: item) where Int.random(in: 0..<4, using: &random) > 0 {
            item[name] = value
        }
        for name in ["note", "amount", "flag", "tags", "meta", "nothing"] where Bool.random(using: &random) {
            item[name] = value(for: name)
        }
        return item
    }

    /// Index key values, unique per item: the index sort value carries the item's key.
    mutating func indexValues(for table: String, key: Item) -> [(String, JSONValue)] {
        let letter = Self.letters.randomElement(using: &random)!
        if table == tables.events.name {
            let rank = "\(letter)-\(key["pk"]?.stringValue ?? "")-\(key["sk"]?.numberValue ?? 0)"
            return [("group", .string(Self.groups.randomElement(using: &random)!)), ("rank", .string(rank))]
        }
        let account = Int(key["id"]?.stringValue?.dropFirst() ?? "") ?? 0
        let seq = Decimal(Self.letters.firstIndex(of: letter)! * 100 + account)
        return [("status", .string(Self.statuses.randomElement(using: &random)!)), ("seq", .number(seq))]
    }

    mutating func value(for name: String) -> JSONValue {
        switch name {
        case "note": .string(["alpha", "beta", "ab", "gamma", "a b", "é"].randomElement(using: &random)!)
        case "amount": .number(Decimal(Int.random(in: -50...50, using: &random)) / 4)
        case "flag": .bool(Bool.random(using: &random))
        case "tags":
            .array(
                (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    .string(["x", "y", "z"].randomElement(using: &random)!)
                }
            )
        case "meta": .object(["n": .number(Decimal(Int.random(in: 0...9, using: &random))), "s": .string("m")])
        default: .null
        }
    }

    mutating func actions(for table: String) -> [UpdateAction] {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in
            switch Int.random(in: 0..<6, using: &random) {
            case 0: .set("note", value(for: "note"))
            case 1: .set("flag", value(for: "flag"))
            case 2:
                .remove(
                    ["note", "tags", table == tables.events.name ? "group" : "status"].randomElement(using: &random)!
                )
            case 3: .add("version", 1)
            case 4: .add("amount", Decimal(Int.random(in: -8...8, using: &random)) / 2)
            default:
                .set(
                    table == tables.events.name ? "group" : "status",
                    .string((table == tables.events.name ? Self.groups : Self.statuses).randomElement(using: &random)!)
                )
            }
        }.uniqued()
    }

    mutating func maybe<T>(_ make: (inout Self) -> T) -> T? {
        Bool.random(using: &random) ? make(&self) : nil
    }
}

extension Array where Element == UpdateAction {
    /// One action per attribute, the first drawn: DynamoDB refuses two on one path.
    func uniqued() -> [UpdateAction] {
        var seen = Set<String>()
        return filter { action in
            switch action {
            case .set(let name, _), .remove(let name), .add(let name, _): seen.insert(name).inserted
            }
        }
    }
}
