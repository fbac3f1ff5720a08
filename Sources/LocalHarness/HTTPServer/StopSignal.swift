import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wakes the server's `poll` to stop it, from a call or a signal: a pipe the server watches.
final class StopSignal: @unchecked Sendable {
    let readDescriptor: Int32
    let writeDescriptor: Int32

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw Socket.Failure(call: "pipe", code: errno) }
        (readDescriptor, writeDescriptor) = (ends[0], ends[1])
        try Socket.setNonBlocking(readDescriptor)
        try Socket.setNonBlocking(writeDescriptor)
    }

    deinit {
        Socket.close(readDescriptor)
        Socket.close(writeDescriptor)
    }

    func trigger() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Whether a stop was asked for since the last look.
    func drain() -> Bool {
        var byte: UInt8 = 0
        var asked = false
        while read(readDescriptor, &byte, 1) == 1 { asked = true }
        return asked
    }

    /// The first SIGINT or SIGTERM stops the server (the request in flight finishes); a second
    /// one ends the process as usual. A client that goes away never raises SIGPIPE.
    func onSignals() {
        signalPipe = writeDescriptor
        _ = signal(SIGINT, stopOnSignal)
        _ = signal(SIGTERM, stopOnSignal)
        _ = signal(SIGPIPE, SIG_IGN)
    }
}

/// The pipe the signal handler writes to; set once, before the handlers are installed.
nonisolated(unsafe) private var signalPipe: Int32 = -1

/// Only async-signal-safe calls: a write to the pipe, and the default action back for the next one.
private func stopOnSignal(_ number: Int32) {
    var byte: UInt8 = 1
    _ = write(signalPipe, &byte, 1)
    _ = signal(number, SIG_DFL)
}
