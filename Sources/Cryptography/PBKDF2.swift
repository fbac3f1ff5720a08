import Foundation

/// Password-based key derivation (PKCS #5 v2, RFC 8018) computed by libcrypto.
public enum PBKDF2 {
    /// `length` bytes of PBKDF2-HMAC-SHA256 of `password` with `salt` over `iterations` rounds.
    public static func sha256(password: Data, salt: Data, iterations: Int, length: Int = 32) -> Data {
        precondition(iterations > 0 && iterations <= Int(Int32.max) && length > 0, "invalid PBKDF2 parameters")
        var output = [UInt8](repeating: 0, count: length)
        let status = password.withUnsafeBytes { passwordBytes in
            salt.withUnsafeBytes { saltBytes in
                LibCrypto.functions.pbkdf2(
                    passwordBytes.bindMemory(to: CChar.self).baseAddress,
                    Int32(passwordBytes.count),
                    saltBytes.bindMemory(to: UInt8.self).baseAddress,
                    Int32(saltBytes.count),
                    Int32(iterations),
                    LibCrypto.functions.sha256(),
                    Int32(length),
                    &output
                )
            }
        }
        // Fails only when libcrypto cannot allocate or run SHA-256 at all.
        precondition(status == 1, "libcrypto PKCS5_PBKDF2_HMAC failed")
        return Data(output)
    }
}
