import Foundation
import Shared
import WireFormat

/// DynamoDB's SET, REMOVE and ADD clauses applied to an item, shared by every `TableStore`.
extension Array where Element == UpdateAction {
    /// The item after the actions, in order. Throws `TableError.validation`, as DynamoDB does,
    /// when an action names a key attribute, two actions name the same attribute, or ADD meets a
    /// value that is not a number.
    public func applied(to item: Item, keyAttributes: [KeyAttribute]) throws -> Item {
        var names = Set<String>()
        for action in self {
            let name = action.attributeName
            guard !name.isEmpty else { throw TableError.validation("an attribute name in an update is empty") }
            guard !keyAttributes.contains(where: { $0.name == name }) else {
                throw TableError.validation("cannot update attribute \(name): it is part of the key")
            }
            guard names.insert(name).inserted else {
                throw TableError.validation("two update actions name the same attribute \(name)")
            }
        }
        var result = item
        for action in self {
            switch action {
            case .set(let name, let value):
                result[name] = value
            case .remove(let name):
                result[name] = nil
            case .add(let name, let amount):
                switch result[name] {
                case nil: result[name] = .number(amount)
                case .number(let current)?: result[name] = .number(current + amount)
                default: throw TableError.validation("ADD needs a number, but \(name) holds another type")
                }
            }
        }
        return result
    }
}

extension UpdateAction {
    /// The attribute the action changes.
    public var attributeName: String {
        switch self {
        case .set(let name, _), .remove(let name), .add(let name, _): name
        }
    }
}
