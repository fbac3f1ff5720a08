import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1: one `poll` loop over non-blocking sockets, requests
/// answered one at a time in the order they complete (the functions behind it share one state
/// directory, as the CLI's commands do). Slow, oversized and broken clients are answered or
/// dropped within `HTTPLimits` without holding up the others. `stop` (or SIGINT/SIGTERM through
/// `StopSignal.onSignals`) lets the request in flight finish, sends its answer and closes.
final class HTTPServer {
    typealias Responder = (HTTPServerRequest) async -> HTTPServerResponse

    let port: UInt16
    let limits: HTTPLimits
    let stop: StopSignal
    private var listener: Int32
    private var connections: [Int32: HTTPConnection] = [:]
    /// Connections with a whole request, in the order the requests completed.
    private var ready: [Int32] = []
    private var stopping = false
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private let clock = ContinuousClock()

    init(port: UInt16, limits: HTTPLimits = HTTPLimits(), stop: StopSignal) throws {
        (listener, self.port) = try Socket.listen(port: port)
        self.limits = limits
        self.stop = stop
    }

    deinit {
        for descriptor in connections.keys { Socket.close(descriptor) }
        if listener >= 0 { Socket.close(listener) }
    }

    /// Serves until stopped.
    func run(_ respond: Responder) async {
        while !(stopping && ready.isEmpty) {
            let descriptors = await Self.events(pollList(), timeout: ready.isEmpty ? pollTimeout() : 0)
            let now = clock.now
            if descriptors[0].revents != 0 { stopping = stop.drain() || stopping }
            if !stopping, descriptors[1].revents != 0 { acceptAll(now: now) }
            for entry in descriptors.dropFirst(2) where entry.revents != 0 {
                if let connection = connections[entry.fd] { service(connection, events: entry.revents, now: now) }
            }
            expire(now: clock.now)
            if let descriptor = ready.first {
                ready.removeFirst()
                await answer(descriptor, respond)
            }
        }
        await finish()
    }

    /// The descriptors' events after a `poll` that waits on a queue of its own, never on a thread
    /// of the concurrency pool: a server in a process that runs other tasks (the tests) must not
    /// hold one of the pool's few threads while it waits for clients.
    private static func events(_ descriptors: [pollfd], timeout: Int32) async -> [pollfd] {
        var polled = descriptors
        guard timeout > 0 else {
            _ = Socket.poll(&polled, timeout: 0)
            return polled
        }
        return await withCheckedContinuation { continuation in
            pollQueue.async { [descriptors] in
                var polled = descriptors
                _ = Socket.poll(&polled, timeout: timeout)
                continuation.resume(returning: polled)
            }
        }
    }

    private static let pollQueue = DispatchQueue(label: "testex.serve.poll")

    private func pollList() -> [pollfd] {
        var list = [
            pollfd(fd: stop.readDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stopping ? -1 : listener, events: Int16(POLLIN), revents: 0),
        ]
        let total = connections.values.reduce(0) { $0 + $1.buffered }
        for connection in connections.values {
            var events: Int32 = 0
            let overBudget = total > limits.bufferBudget && connection.buffered > limits.bufferFloor
            let reads = (connection.isReading && !stopping) || connection.isLingering
            if reads, !connection.peerClosed, !overBudget { events |= Int32(POLLIN) }
            if connection.pendingOutput > 0 { events |= Int32(POLLOUT) }
            list.append(pollfd(fd: connection.descriptor, events: Int16(events), revents: 0))
        }
        return list
    }

    /// Until the nearest deadline, at most a second.
    private func pollTimeout() -> Int32 {
        let now = clock.now
        let nearest = connections.values.compactMap(deadline).min() ?? now.advanced(by: .seconds(1))
        let wait = max(Duration.zero, min(.seconds(1), now.duration(to: nearest)))
        return Int32(wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000) + 1
    }

    private func acceptAll(now: ContinuousClock.Instant) {
        while let descriptor = Socket.accept(listener) {
            guard connections.count < limits.connections else {
                let refusal = HTTPRefusal(
                    status: 503,
                    code: "SERVICE_UNAVAILABLE",
                    message: "the server has \(limits.connections) connections open; try again"
                )
                _ = Socket.write(
                    descriptor,
                    refusal.response.serialized(keepAlive: false, omitBody: false, date: Date())[...]
                )
                Socket.close(descriptor)
                continue
            }
            connections[descriptor] = HTTPConnection(descriptor: descriptor, limits: limits, now: now)
        }
    }

    private func service(_ connection: HTTPConnection, events: Int16, now: ContinuousClock.Instant) {
        if events & Int16(POLLOUT) != 0 || connection.pendingOutput > 0 {
            guard connection.flush() else { return drop(connection) }
            if connection.pendingOutput == 0 { written(connection, now: now) }
        }
        guard events & Int16(POLLIN | POLLHUP | POLLERR) != 0 else { return }
        let open = connection.receive(limit: 1024 * 1024, scratch: &scratch, now: now)
        if connection.isLingering {
            if !open { drop(connection) }
            return
        }
        if connection.isReading { parse(connection, now: now) }
        // A client that closes mid-request is gone; whatever it sent is dropped unread.
        if !open, connection.isReading { drop(connection) }
    }

    private func parse(_ connection: HTTPConnection, now: ContinuousClock.Instant) {
        while connection.isReading, !connection.input.isEmpty, !stopping {
            switch connection.parser.next(&connection.input) {
            case .needMore:
                return
            case .sendContinue:
                connection.output += Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
                guard connection.flush() else { return drop(connection) }
            case .request(let request):
                connection.state = .waiting(request)
                ready.append(connection.descriptor)
            case .refused(let refusal):
                refuse(connection, refusal, now: now)
            }
        }
    }

    private func refuse(_ connection: HTTPConnection, _ refusal: HTTPRefusal, now: ContinuousClock.Instant) {
        connection.send(
            refusal.response.serialized(keepAlive: false, omitBody: false, date: Date()),
            close: true,
            now: now
        )
        guard connection.flush() else { return drop(connection) }
        if connection.pendingOutput == 0 { written(connection, now: now) }
    }

    private func answer(_ descriptor: Int32, _ respond: Responder) async {
        guard let connection = connections[descriptor], case .waiting(let request) = connection.state else { return }
        let response = await respond(request)
        // A stop asked for while the request ran: this answer is the connection's last.
        stopping = stop.drain() || stopping
        let keepAlive = request.keepAlive && !stopping
        connection.started = nil
        connection.send(
            response.serialized(keepAlive: keepAlive, omitBody: request.method == "HEAD", date: Date()),
            close: !keepAlive,
            now: clock.now
        )
        guard connection.flush() else { return drop(connection) }
        if connection.pendingOutput == 0 { written(connection, now: clock.now) }
    }

    /// An answer is out: close (lingering), or read the next request, which may be buffered already.
    private func written(_ connection: HTTPConnection, now: ContinuousClock.Instant) {
        guard case .writing = connection.state else { return }
        connection.started = nil
        if connection.closeAfterWrite || stopping {
            Socket.shutdownWrites(connection.descriptor)
            connection.state = .lingering(until: now.advanced(by: .seconds(2)))
            return
        }
        connection.state = .reading
        connection.lastActivity = now
        if !connection.input.isEmpty { connection.started = now }
        parse(connection, now: now)
    }

    private func deadline(_ connection: HTTPConnection) -> ContinuousClock.Instant? {
        switch connection.state {
        case .waiting: return nil
        case .lingering(let until): return until
        case .writing: return connection.started.map { $0.advanced(by: limits.writeTimeout) }
        case .reading:
            guard let started = connection.started else {
                return connection.lastActivity.advanced(by: limits.idleTimeout)
            }
            return started.advanced(by: connection.parser.hasHead ? limits.requestTimeout : limits.headTimeout)
        }
    }

    private func expire(now: ContinuousClock.Instant) {
        for connection in connections.values {
            guard let deadline = deadline(connection), deadline <= now else { continue }
            if connection.isReading, connection.started != nil {
                let what = connection.parser.hasHead ? "body" : "headers"
                let limit = connection.parser.hasHead ? limits.requestTimeout : limits.headTimeout
                refuse(
                    connection,
                    HTTPRefusal(
                        status: 408,
                        code: "REQUEST_TIMEOUT",
                        message: "the request's \(what) did not arrive within \(limit.components.seconds) seconds"
                    ),
                    now: now
                )
            } else {
                drop(connection)
            }
        }
    }

    private func drop(_ connection: HTTPConnection) {
        Socket.close(connection.descriptor)
        connections[connection.descriptor] = nil
        ready.removeAll { $0 == connection.descriptor }
    }

    /// After a stop: the answers already queued are sent (within the write timeout), then every connection closes.
    private func finish() async {
        Socket.close(listener)
        listener = -1
        let deadline = clock.now.advanced(by: min(limits.writeTimeout, .seconds(5)))
        while clock.now < deadline, connections.values.contains(where: { $0.pendingOutput > 0 }) {
            var descriptors = connections.values.filter { $0.pendingOutput > 0 }
                .map { pollfd(fd: $0.descriptor, events: Int16(POLLOUT), revents: 0) }
            _ = Socket.poll(&descriptors, timeout: 100)
            for connection in connections.values where connection.pendingOutput > 0 {
                if !connection.flush() { drop(connection) }
            }
        }
        for connection in Array(connections.values) { drop(connection) }
    }
}
