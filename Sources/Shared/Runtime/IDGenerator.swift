import Foundation

/// New identifiers, as an effect: random in production, counting in tests.
public struct IDGenerator: Sendable {
    /// A new id: `prefix` followed by `length` upper-case letters and digits.
    public var next: @Sendable (_ prefix: String, _ length: Int) -> String

    public init(next: @escaping @Sendable (_ prefix: String, _ length: Int) -> String) {
        self.next = next
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    public static let random = IDGenerator { prefix, length in
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Ids counting up from 1, zero-padded: `CT000001`, `CT000002`, ...
    public static func incrementing() -> IDGenerator {
        let counter = Counter()
        return IDGenerator { prefix, length in
            let number = String(counter.next())
            return prefix + String(repeating: "0", count: max(0, length - number.count)) + number
        }
    }

    /// A request id in the form Lambda uses (a UUID, lower-case).
    public static func requestID() -> String {
        UUID().uuidString.lowercased()
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}
