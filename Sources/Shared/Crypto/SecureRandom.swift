import CCrypto
import Foundation

/// Cryptographically secure random bytes from libcrypto's DRBG.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(count: Int) -> Data {
        precondition(count >= 0, "negative byte count")
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return Data() }
        if RAND_bytes(&bytes, Int32(count)) != 1 {
            // RAND_bytes fails only when the DRBG cannot be seeded; the system generator reads
            // the same kernel entropy source (getrandom/arc4random), so it is an equal fallback.
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = generator.next() }
        }
        return Data(bytes)
    }

    /// `count` random bytes as lower-case hex (`2 * count` characters).
    public static func hex(count: Int) -> String {
        Hex.encode(bytes(count: count))
    }
}
