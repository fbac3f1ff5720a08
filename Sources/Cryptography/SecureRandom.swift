import Foundation

#if os(Linux)
import CPlatform
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cryptographically secure random bytes from the kernel's generator: `getrandom(2)` on Linux,
/// `arc4random_buf` on Darwin — the source libcrypto's DRBG seeds itself from, without the cost
/// of setting up that DRBG in every fresh process (a third of a short command's instructions).
public enum SecureRandom {
    /// `count` random bytes, in one system call for up to 256 bytes.
    public static func bytes(count: Int) -> Data {
        precondition(count >= 0, "negative byte count")
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { fill($0) }
        return Data(bytes)
    }

    /// `count` random bytes as lower-case hex (`2 * count` characters).
    public static func hex(count: Int) -> String {
        Hex.encode(bytes(count: count))
    }

    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Darwin)
        arc4random_buf(base, buffer.count)
        #else
        var filled = 0
        while filled < buffer.count {
            let got = getrandom(base + filled, buffer.count - filled, 0)
            if got > 0 {
                filled += got
            } else if errno != EINTR {
                // getrandom fails only on kernels older than 3.17; the standard library's
                // generator then reads the same source through /dev/urandom.
                var generator = SystemRandomNumberGenerator()
                for index in filled..<buffer.count { buffer[index] = generator.next() }
                return
            }
        }
        #endif
    }
}
