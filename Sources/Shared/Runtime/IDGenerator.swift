import Cryptography
import Foundation

/// New identifiers, as an effect: random in production, counting in tests.
public struct IDGenerator: Sendable {
    /// A new id: `prefix` followed by `length` upper-case letters and digits.
    public var next: @Sendable (_ prefix: String, _ length: Int) -> String

    public init(next: @escaping @Sendable (_ prefix: String, _ length: Int) -> String) {
        self.next = next
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// Uniform over the 36 characters: bytes of 252 and above (36 × 7) are drawn again.
    public static let random = IDGenerator { prefix, length in
        var characters: [Character] = []
        while characters.count < length {
            for byte in SecureRandom.bytes(count: length * 2) where byte < 252 && characters.count < length {
                characters.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return prefix + String(characters)
    }

    /// Ids counting up from 1, zero-padded: `CT000001`, `CT000002`, ...
    public static func incrementing() -> IDGenerator {
        let counter = Locked(0)
        return IDGenerator { prefix, length in
            let number = String(counter.increment())
            return prefix + String(repeating: "0", count: max(0, length - number.count)) + number
        }
    }

    /// A request id in the form Lambda uses: a random (version 4) UUID, lower-case.
    public static func requestID() -> String {
        // Not a secret: the system's generator, without a call into the crypto library per request.
        var generator = SystemRandomNumberGenerator()
        var bytes = withUnsafeBytes(of: (generator.next() as UInt64, generator.next() as UInt64)) { Array($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        // Byte by byte: slicing an array of Characters into Strings cost a fresh process's first
        // invocation a tenth of a millisecond.
        var text: [UInt8] = []
        for (index, digit) in Hex.encode(bytes).utf8.enumerated() {
            if [8, 12, 16, 20].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(digit)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
