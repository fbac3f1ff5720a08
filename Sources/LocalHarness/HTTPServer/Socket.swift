import Foundation
import LocalAWS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX socket calls of the HTTP server: a listening socket on 127.0.0.1, non-blocking
/// accepted sockets, reads, writes that never raise SIGPIPE, and `poll`.
enum Socket {
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    enum ReadResult {
        case bytes(Int)
        case wouldBlock
        /// The peer closed its side, or the connection broke.
        case closed
    }

    static let streamType = SocketConstants.streamType
    static let sendFlags = SocketConstants.sendFlags

    /// A non-blocking socket listening on 127.0.0.1:`port` (0: any free port), and its port.
    static func listen(port: UInt16, backlog: Int32 = 128) throws -> (descriptor: Int32, port: UInt16) {
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else { throw Failure(call: "socket", code: errno) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(call: "bind 127.0.0.1:\(port)", code: code)
        }
        guard posixListen(descriptor, backlog) == 0 else { throw Failure(call: "listen", code: errno) }
        try setNonBlocking(descriptor)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    /// An accepted connection, non-blocking and without Nagle's delay; nil when none is waiting.
    static func accept(_ listener: Int32) -> Int32? {
        let descriptor = posixAccept(listener, nil, nil)
        guard descriptor >= 0 else { return nil }
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        guard (try? setNonBlocking(descriptor)) != nil else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    static func setNonBlocking(_ descriptor: Int32) throws {
        let flags = fcntl(descriptor, F_GETFL, 0)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            throw Failure(call: "fcntl", code: errno)
        }
    }

    /// Reads what is there, up to `buffer.count` bytes.
    static func read(_ descriptor: Int32, into buffer: inout [UInt8]) -> ReadResult {
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 { return .bytes(count) }
        if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wouldBlock }
        return .closed
    }

    /// Writes what the socket takes now; nil when the connection broke.
    static func write(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>) -> Int? {
        let count = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, sendFlags) }
        if count >= 0 { return count }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : nil
    }

    /// Stops sending; the peer reads the end of the answer before the connection closes.
    static func shutdownWrites(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = shutdown(descriptor, Int32(SHUT_WR))
        #else
        _ = shutdown(descriptor, SHUT_WR)
        #endif
    }

    static func close(_ descriptor: Int32) {
        _ = posixClose(descriptor)
    }

    /// `poll` on the descriptors; returns how many are ready (0 on timeout or a signal).
    static func poll(_ descriptors: inout [pollfd], timeout milliseconds: Int32) -> Int32 {
        let ready = descriptors.withUnsafeMutableBufferPointer {
            posixPoll($0.baseAddress, nfds_t($0.count), milliseconds)
        }
        return ready < 0 ? 0 : ready
    }
}

// The C calls under names that `Socket`'s own members do not hide.
#if canImport(Glibc)
private func posixListen(_ fd: Int32, _ backlog: Int32) -> Int32 { Glibc.listen(fd, backlog) }
private func posixAccept(
    _ fd: Int32,
    _ address: UnsafeMutablePointer<sockaddr>?,
    _ length: UnsafeMutablePointer<socklen_t>?
) -> Int32 {
    Glibc.accept(fd, address, length)
}
private func posixClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
private func posixPoll(_ fds: UnsafeMutablePointer<pollfd>?, _ count: nfds_t, _ timeout: Int32) -> Int32 {
    Glibc.poll(fds, count, timeout)
}
#else
private func posixListen(_ fd: Int32, _ backlog: Int32) -> Int32 { Darwin.listen(fd, backlog) }
private func posixAccept(
    _ fd: Int32,
    _ address: UnsafeMutablePointer<sockaddr>?,
    _ length: UnsafeMutablePointer<socklen_t>?
) -> Int32 {
    Darwin.accept(fd, address, length)
}
private func posixClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
private func posixPoll(_ fds: UnsafeMutablePointer<pollfd>?, _ count: nfds_t, _ timeout: Int32) -> Int32 {
    Darwin.poll(fds, count, timeout)
}
#endif
