import Foundation

/// Cryptographically secure random bytes from the kernel's generator (`getrandom(2)` on Linux,
/// `arc4random_buf` on Darwin, through `SystemRandomNumberGenerator`): the source libcrypto's
/// DRBG seeds itself from, without the cost of setting up that DRBG in every fresh process
/// (about a third of a short command's instructions went there).
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(count: Int) -> Data {
        precondition(count >= 0, "negative byte count")
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) where index < count {
                bytes[index] = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                index += 1
            }
        }
        return Data(bytes)
    }

    /// `count` random bytes as lower-case hex (`2 * count` characters).
    public static func hex(count: Int) -> String {
        Hex.encode(bytes(count: count))
    }
}
