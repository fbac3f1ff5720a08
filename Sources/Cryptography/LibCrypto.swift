import Foundation

#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
#else
import CCrypto
#endif

/// The libcrypto functions TESTEX calls (digests, HMAC, PBKDF2, constant-time comparison), each
/// reached through this table. On Linux the library is opened the first time a function is
/// needed (`dlopen`), not by the dynamic loader when the process starts: loading and relocating
/// its 4.7 MB cost every fresh process over a millisecond, commands that never hash paid it too,
/// and `prepare()` lets a command open it on a thread of its own while it does other work.
/// Elsewhere (macOS, Homebrew's OpenSSL) it is linked as before and the table holds the linked
/// functions.
public struct LibCrypto: Sendable {
    typealias DigestFunction =
        @convention(c) (
            UnsafeRawPointer?, Int, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt32>?, OpaquePointer?,
            OpaquePointer?
        ) -> Int32
    typealias Algorithm = @convention(c) () -> OpaquePointer?
    typealias HMACFunction =
        @convention(c) (
            OpaquePointer?, UnsafeRawPointer?, Int32, UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?,
            UnsafeMutablePointer<UInt32>?
        ) -> UnsafeMutablePointer<UInt8>?
    typealias PBKDF2Function =
        @convention(c) (
            UnsafePointer<CChar>?, Int32, UnsafePointer<UInt8>?, Int32, Int32, OpaquePointer?, Int32,
            UnsafeMutablePointer<UInt8>?
        ) -> Int32
    typealias CompareFunction = @convention(c) (UnsafeRawPointer?, UnsafeRawPointer?, Int) -> Int32

    /// `EVP_MAX_MD_SIZE`: room for any digest's output.
    static let maxDigestSize = 64

    let digest: DigestFunction
    let md5: Algorithm
    let sha256: Algorithm
    let hmac: HMACFunction
    let pbkdf2: PBKDF2Function
    let memcmp: CompareFunction

    /// The functions, the library opened on first use (Swift runs a static's initializer once,
    /// however many threads ask at the same time).
    static let functions = LibCrypto()

    #if os(Linux)
    /// The sonames tried in order: OpenSSL 3's, then the development link (whatever version it names).
    static let libraryNames = ["libcrypto.so.3", "libcrypto.so"]

    private init() {
        guard let library = Self.libraryNames.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            fatalError(
                "TESTEX needs OpenSSL's libcrypto (\(Self.libraryNames.joined(separator: " or "))): "
                    + "install libssl3 (or libssl-dev)"
            )
        }
        func load<T>(_ name: String, as type: T.Type) -> T {
            guard let symbol = dlsym(library, name) else { fatalError("libcrypto has no \(name)") }
            return unsafeBitCast(symbol, to: type)
        }
        digest = load("EVP_Digest", as: DigestFunction.self)
        md5 = load("EVP_md5", as: Algorithm.self)
        sha256 = load("EVP_sha256", as: Algorithm.self)
        hmac = load("HMAC", as: HMACFunction.self)
        pbkdf2 = load("PKCS5_PBKDF2_HMAC", as: PBKDF2Function.self)
        memcmp = load("CRYPTO_memcmp", as: CompareFunction.self)
    }
    #else
    private init() {
        digest = { EVP_Digest($0, $1, $2, $3, $4, $5) }
        md5 = { EVP_md5() }
        sha256 = { EVP_sha256() }
        hmac = { CCrypto.HMAC($0, $1, $2, $3, $4, $5, $6) }
        pbkdf2 = { PKCS5_PBKDF2_HMAC($0, $1, $2, $3, $4, $5, $6, $7) }
        memcmp = { CRYPTO_memcmp($0, $1, $2) }
    }
    #endif

    /// Opens libcrypto and builds its algorithm tables (OpenSSL fetches and caches an algorithm's
    /// implementation the first time it is used: about a millisecond) on a thread of its own, once
    /// per process, so that a command's first token or digest finds them ready. Returns at once;
    /// `waitUntilPrepared()` waits for that thread.
    public static func prepare() {
        _ = preparation
    }

    /// Waits until the thread `prepare()` started is done (at once when none was started), so that
    /// the process never exits while libcrypto is still being set up on it.
    public static func waitUntilPrepared() {
        preparing.wait()
    }

    /// Entered when the preparing thread starts and left when it is done: waiting on it returns
    /// at once when `prepare()` was never called.
    private static let preparing = DispatchGroup()

    private static let preparation: Void = {
        preparing.enter()
        let thread = Thread {
            _ = HMAC.sha256(key: Data([0]), data: Data())
            _ = Digest.md5(Data())
            preparing.leave()
        }
        thread.start()
    }()
}
