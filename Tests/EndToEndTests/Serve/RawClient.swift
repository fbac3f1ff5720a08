import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP client that sends exactly the bytes it is given, for requests no HTTP library would
/// send: blocking sockets with a receive timeout, so a test never hangs on a silent server.
/// One task may send while another reads (the socket allows it); `response` is one reader's.
final class RawClient: @unchecked Sendable {
    let descriptor: Int32

    init?(port: UInt16, timeout seconds: Int = 15) {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
    }

    deinit { close(descriptor) }

    /// Sends everything; false once the server stops taking bytes (it closed, or the timeout passed).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            let flags: Int32 = 0
            #endif
            let count = bytes[sent...].withUnsafeBytes { posixSend(descriptor, $0.baseAddress, $0.count, flags) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// One answer: the status, lower-cased header names, and a body of its Content-Length; nil
    /// when the connection closed (or went silent) before a whole answer.
    func response() -> (status: Int, headers: [String: String], body: Data)? {
        var data = Data()
        while true {
            if let end = data.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
                let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
                var headers: [String: String] = [:]
                for line in head.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                        in: .whitespaces
                    )
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                while data.count < end.upperBound + length {
                    guard let more = receive() else { return nil }
                    data += more
                }
                let body = data[end.upperBound..<(end.upperBound + length)]
                pending = data[(end.upperBound + length)...]
                return (status, headers, Data(body))
            }
            guard let more = receive() else { return nil }
            data += more
        }
    }

    private var pending = Data()

    private func receive() -> Data? {
        if !pending.isEmpty {
            defer { pending = Data() }
            return pending
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Data(buffer[0..<count]) : nil
    }

    /// Whether the server has closed the connection: a read sees the end (or a reset).
    func isClosedByServer() -> Bool {
        receive() == nil
    }
}

#if canImport(Glibc)
private func posixSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int {
    Glibc.send(fd, bytes, count, flags)
}
#else
private func posixSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int {
    Darwin.send(fd, bytes, count, flags)
}
#endif

/// Runs blocking socket work on a thread of its own, so waiting on a server never occupies one
/// of the few threads Swift's concurrency pool has (the server under test may need it).
func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: work()) }
    }
}
