import Foundation

/// Keyed-hash message authentication codes computed by libcrypto.
public enum HMAC {
    /// The 32-byte HMAC-SHA256 of `data` under `key` (RFC 2104, RFC 4231).
    public static func sha256(key: Data, data: Data) -> Data {
        var output = [UInt8](repeating: 0, count: LibCrypto.maxDigestSize)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            data.withUnsafeBytes { dataBytes in
                // libcrypto's one-shot HMAC.
                LibCrypto.functions.hmac(
                    LibCrypto.functions.sha256(),
                    keyBytes.baseAddress,
                    Int32(keyBytes.count),
                    dataBytes.bindMemory(to: UInt8.self).baseAddress,
                    dataBytes.count,
                    &output,
                    &length
                )
            }
        }
        precondition(result != nil, "libcrypto HMAC failed")
        return Data(output.prefix(Int(length)))
    }
}
