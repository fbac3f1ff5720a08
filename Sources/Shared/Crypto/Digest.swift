import CCrypto
import Foundation

/// Message digests computed by libcrypto's EVP interface.
public enum Digest {
    /// The 16-byte MD5 digest (S3 ETags; never used for security).
    public static func md5(_ data: Data) -> Data {
        digest(data, EVP_md5())
    }

    /// The 32-byte SHA-256 digest.
    public static func sha256(_ data: Data) -> Data {
        digest(data, EVP_sha256())
    }

    private static func digest(_ data: Data, _ algorithm: OpaquePointer?) -> Data {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = data.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &output, &length, algorithm, nil)
        }
        // EVP_Digest fails only when libcrypto cannot run a built-in algorithm at all, which
        // leaves nothing sensible to return.
        precondition(status == 1, "libcrypto EVP_Digest failed")
        return Data(output.prefix(Int(length)))
    }
}
