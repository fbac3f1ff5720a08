import Foundation

/// Message digests computed by libcrypto's EVP interface.
public enum Digest {
    /// The 16-byte MD5 digest (S3 ETags; never used for security).
    public static func md5(_ data: Data) -> Data {
        digest(data, LibCrypto.functions.md5())
    }

    /// The 32-byte SHA-256 digest.
    public static func sha256(_ data: Data) -> Data {
        digest(data, LibCrypto.functions.sha256())
    }

    private static func digest(_ data: Data, _ algorithm: OpaquePointer?) -> Data {
        var output = [UInt8](repeating: 0, count: LibCrypto.maxDigestSize)
        var length: UInt32 = 0
        let status = data.withUnsafeBytes { input in
            LibCrypto.functions.digest(input.baseAddress, input.count, &output, &length, algorithm, nil)
        }
        // EVP_Digest fails only when libcrypto cannot run a built-in algorithm at all, which
        // leaves nothing sensible to return.
        precondition(status == 1, "libcrypto EVP_Digest failed")
        return Data(output.prefix(Int(length)))
    }
}
