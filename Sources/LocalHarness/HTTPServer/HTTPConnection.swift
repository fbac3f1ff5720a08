import Foundation

/// One client connection: the bytes it sent, the request being read, the answer being written.
final class HTTPConnection {
    enum State {
        /// Reading a request (or idle between kept-alive requests).
        case reading
        /// A whole request is waiting for its turn.
        case waiting(HTTPServerRequest)
        case writing
        /// The answer is sent and the connection is closing: what the client still sends is
        /// read and dropped until it closes or `until`, so it sees the answer, not a reset.
        case lingering(until: ContinuousClock.Instant)
    }

    let descriptor: Int32
    var state = State.reading
    var input = InputBuffer()
    var parser: HTTPRequestParser
    var output: [UInt8] = []
    var written = 0
    var closeAfterWrite = false
    /// The first byte of the request being read, or when the answer began to be written.
    var started: ContinuousClock.Instant?
    var lastActivity: ContinuousClock.Instant
    /// The client closed its side (or the connection broke).
    var peerClosed = false

    init(descriptor: Int32, limits: HTTPLimits, now: ContinuousClock.Instant) {
        self.descriptor = descriptor
        self.parser = HTTPRequestParser(limits: limits)
        self.lastActivity = now
    }

    var pendingOutput: Int { output.count - written }
    var buffered: Int { input.count + pendingOutput }

    var isReading: Bool {
        if case .reading = state { return true }
        return false
    }

    var isLingering: Bool {
        if case .lingering = state { return true }
        return false
    }

    /// Queues an answer; `close` ends the connection once it is sent.
    func send(_ bytes: [UInt8], close: Bool, now: ContinuousClock.Instant) {
        output += bytes
        closeAfterWrite = closeAfterWrite || close
        state = .writing
        started = now
    }

    /// Writes what the socket takes; false when the connection broke.
    func flush() -> Bool {
        while pendingOutput > 0 {
            guard let count = Socket.write(descriptor, output[written...]) else { return false }
            if count == 0 { return true }
            written += count
        }
        output.removeAll(keepingCapacity: false)
        written = 0
        return true
    }

    /// Reads what arrived, at most `limit` bytes; false when the connection broke or closed.
    func receive(limit: Int, scratch: inout [UInt8], now: ContinuousClock.Instant) -> Bool {
        var total = 0
        while total < limit {
            switch Socket.read(descriptor, into: &scratch) {
            case .bytes(let count):
                total += count
                lastActivity = now
                if isLingering { continue }
                if started == nil, input.isEmpty { started = now }
                input.append(scratch[0..<count])
            case .wouldBlock:
                return true
            case .closed:
                peerClosed = true
                return false
            }
        }
        return true
    }
}
