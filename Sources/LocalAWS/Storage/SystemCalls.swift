import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's calls by their module name, which differs per platform (Glibc, Musl,
/// Darwin), for code whose own names shadow them (`FileCalls.open`); everything else the
/// stand-ins call is the same name everywhere once the module is imported.
enum SystemCalls {
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
        #elseif canImport(Musl)
        Musl.read(fd, buffer, count)
        #else
        Darwin.read(fd, buffer, count)
        #endif
    }

    static func write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #elseif canImport(Musl)
        Musl.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    static func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, flags, mode)
        #elseif canImport(Musl)
        Musl.open(path, flags, mode)
        #else
        Darwin.open(path, flags, mode)
        #endif
    }

    static func rename(_ source: String, _ target: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.rename(source, target)
        #elseif canImport(Musl)
        Musl.rename(source, target)
        #else
        Darwin.rename(source, target)
        #endif
    }

    static func unlink(_ path: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.unlink(path)
        #elseif canImport(Musl)
        Musl.unlink(path)
        #else
        Darwin.unlink(path)
        #endif
    }

    static func mkdir(_ path: String, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.mkdir(path, mode)
        #elseif canImport(Musl)
        Musl.mkdir(path, mode)
        #else
        Darwin.mkdir(path, mode)
        #endif
    }

    static func connect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.connect(descriptor, address, length)
        #elseif canImport(Musl)
        Musl.connect(descriptor, address, length)
        #else
        Darwin.connect(descriptor, address, length)
        #endif
    }
}

/// Socket constants whose types differ per platform, for the HTTP server and the webhook sender.
public enum SocketConstants {
    #if canImport(Glibc)
    public static let streamType = Int32(SOCK_STREAM.rawValue)
    /// A send to a closed peer fails with EPIPE instead of raising SIGPIPE.
    public static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    public static let streamType = SOCK_STREAM
    public static let sendFlags: Int32 = 0
    #endif
}
