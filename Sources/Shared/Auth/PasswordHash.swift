import Cryptography
import Foundation

/// Stored passwords: salted PBKDF2-HMAC-SHA256 from libcrypto, as
/// `pbkdf2-sha256$<iterations>$<salt>$<hash>` (salt and hash base64url), so the work factor can
/// rise later without invalidating existing hashes.
public enum PasswordHash {
    /// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    public static let iterations = 600_000
    static let scheme = "pbkdf2-sha256"
    /// A stored hash claiming more rounds than this is refused rather than run (it would stall sign-in).
    static let maximumIterations = 10_000_000

    /// A new hash of `password` with a fresh 16-byte random salt.
    public static func make(_ password: String, iterations: Int = PasswordHash.iterations) -> String {
        let salt = SecureRandom.bytes(count: 16)
        let hash = PBKDF2.sha256(password: Data(password.utf8), salt: salt, iterations: iterations)
        return "\(scheme)$\(iterations)$\(Base64URL.encode(salt))$\(Base64URL.encode(hash))"
    }

    /// Whether `password` matches `encoded`, compared in constant time; a malformed hash never matches.
    public static func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]),
            (1...maximumIterations).contains(iterations),
            let salt = Base64URL.decode(String(parts[2])), !salt.isEmpty,
            let expected = Base64URL.decode(String(parts[3])), expected.count == 32
        else { return false }
        let actual = PBKDF2.sha256(password: Data(password.utf8), salt: salt, iterations: iterations)
        return ConstantTime.equals(actual, expected)
    }

    /// A hash of a random password that was thrown away: checked when the user does not exist,
    /// so a sign-in takes as long for an unknown name as for a wrong password. A constant, so
    /// no first call pays for making it.
    public static let decoy = "pbkdf2-sha256$600000$JaUfFTJgJmPGTY3VnCZiNg$7rMQ2RP1PsllGCn3wCgtDn3fyxKh4bI4Ewf70iUS8vE"
}
