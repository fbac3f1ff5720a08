import Foundation
import Shared
import WireFormat

/// Conditions, queries, scans, transactions and requests DynamoDB refuses.
extension TableOperationGenerator {
    mutating func condition() -> Condition {
        let simple: [Condition] = [
            .attributeNotExists("version"), .attributeExists("note"),
            .equals("version", .number(Decimal(Int.random(in: 1...3, using: &random)))),
            .notEquals("flag", true), .lessThan("amount", 0), .greaterThanOrEqual("note", "b"),
            .between("version", 1, 2),
            .beginsWith("note", "a"), .contains("tags", "x"), .contains("note", "a"),
        ]
        let first = simple.randomElement(using: &random)!
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return .and([first, simple.randomElement(using: &random)!])
        case 1: return .or([first, simple.randomElement(using: &random)!])
        case 2: return .not(first)
        default: return first
        }
    }

    mutating func filter() -> Condition {
        [
            Condition.equals("flag", true), .attributeExists("note"), .lessThan("amount", 2), .contains("tags", "y"),
            .attributeNotExists("meta"),
        ].randomElement(using: &random)!
    }

    mutating func limit() -> Int? {
        Int.random(in: 0..<3, using: &random) == 0 ? nil : Int.random(in: 1...5, using: &random)
    }

    mutating func query() -> QueryRequest {
        var request: QueryRequest
        switch Int.random(in: 0..<4, using: &random) {
        case 0, 1:
            request = QueryRequest(
                table: tables.events.name,
                partitionKey: .string(Self.partitions.randomElement(using: &random)!),
                sortKey: maybe { $0.numberCondition(0..<10) }
            )
        case 2:
            request = QueryRequest(
                table: tables.events.name,
                index: "by-group",
                partitionKey: .string(Self.groups.randomElement(using: &random)!),
                sortKey: maybe { $0.rankCondition() }
            )
        default:
            request = QueryRequest(
                table: tables.accounts.name,
                index: "by-status",
                partitionKey: .string(Self.statuses.randomElement(using: &random)!),
                sortKey: maybe { $0.numberCondition(0..<400) }
            )
        }
        request.filter = maybe { $0.filter() }
        request.limit = limit()
        request.scanForward = Bool.random(using: &random)
        return request
    }

    mutating func numberCondition(_ range: Range<Int>) -> SortKeyCondition {
        let low = Int.random(in: range, using: &random)
        let high = Int.random(in: low..<range.upperBound, using: &random)
        let operand = JSONValue.number(Decimal(low))
        return [
            .equals(operand), .lessThan(operand), .lessThanOrEqual(operand), .greaterThan(operand),
            .greaterThanOrEqual(operand),
            .between(operand, .number(Decimal(high))),
        ].randomElement(using: &random)!
    }

    mutating func rankCondition() -> SortKeyCondition {
        let letter = Self.letters.randomElement(using: &random)!
        return [
            .beginsWith(letter), .lessThan(.string(letter)), .greaterThan(.string(letter)),
            .between(.string("b"), .string("c-P2")), .beginsWith("\(letter)-P1"),
        ].randomElement(using: &random)!
    }

    mutating func scan() -> ScanRequest {
        ScanRequest(table: tableName(), filter: maybe { $0.filter() }, limit: limit().map { $0 + 1 })
    }

    /// 1 to 4 actions on distinct items; now and then two on one item, which DynamoDB refuses.
    mutating func transaction() -> [TransactWriteItem] {
        var actions: [TransactWriteItem] = []
        var keys = Set<String>()
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let action = transactionAction()
            let id = action.table + JSON.string(Self.key(of: action))
            guard keys.insert(id).inserted || Int.random(in: 0..<10, using: &random) == 0 else { continue }
            actions.append(action)
        }
        return actions
    }

    mutating func transactionAction() -> TransactWriteItem {
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            let made = item()
            return .put(
                table: made["pk"] == nil ? tables.accounts.name : tables.events.name,
                item: made,
                condition: maybe { $0.condition() }
            )
        case 1:
            let (table, key) = anyKey()
            return .update(table: table, key: key, actions: actions(for: table), condition: maybe { $0.condition() })
        case 2:
            let (table, key) = anyKey()
            return .delete(table: table, key: key, condition: maybe { $0.condition() })
        default:
            let (table, key) = anyKey()
            return .conditionCheck(table: table, key: key, condition: condition())
        }
    }

    static func key(of action: TransactWriteItem) -> Item {
        switch action {
        case .put(_, let item, _): item.filter { ["pk", "sk", "id"].contains($0.key) }
        case .update(_, let key, _, _), .delete(_, let key, _), .conditionCheck(_, let key, _): key
        }
    }

    /// What DynamoDB refuses: a start key from another partition, with an extra or a missing
    /// attribute; a number beyond its range or precision.
    mutating func hostile() -> TableOperation {
        let group = Self.groups.randomElement(using: &random)!
        let other = Self.groups.filter { $0 != group }.randomElement(using: &random)!
        var start: Item = ["pk": "P1", "sk": 3, "group": .string(other), "rank": "a-P1-3"]
        switch Int.random(in: 0..<5, using: &random) {
        case 0: break
        case 1:
            start["group"] = .string(group)
            start["note"] = "extra"
        case 2:
            start["group"] = .string(group)
            start["rank"] = nil
        case 3:
            return .put(
                table: tables.events.name,
                item: ["pk": "P0", "sk": 1, "amount": .number(Decimal(string: "1e126")!)],
                condition: nil
            )
        default:
            let digits = Decimal(string: "123456789012345678901234567890123456789")!
            return .update(
                table: tables.accounts.name,
                key: ["id": "A01"],
                actions: [.set("amount", .number(digits))],
                condition: nil
            )
        }
        return .foreignStart(
            QueryRequest(
                table: tables.events.name,
                index: "by-group",
                partitionKey: .string(group),
                limit: 2,
                exclusiveStartKey: start
            )
        )
    }
}
