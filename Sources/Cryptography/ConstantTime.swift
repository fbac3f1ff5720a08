import Foundation

/// Comparisons whose duration does not depend on where secret bytes differ.
public enum ConstantTime {
    /// Whether `a` and `b` are equal, compared with libcrypto's `CRYPTO_memcmp`. Lengths are not
    /// secret (digests and signatures have fixed sizes), so unequal lengths answer at once.
    public static func equals(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in
                LibCrypto.functions.memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
