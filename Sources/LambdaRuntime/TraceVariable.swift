import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `_X_AMZN_TRACE_ID` in the process's environment, where the X-Ray SDKs read it: set to each
/// invocation's trace header, or removed when the invocation has none, so no invocation sees the
/// one before's. Written with `putenv` into two buffers of its own, used in turn, rather than
/// with `setenv`: glibc's `setenv` keeps a copy of every value it was ever given (a trace header
/// is new each time: about 170 bytes a call, 1.7 MB per 10,000 invocations).
enum TraceVariable {
    static let name = "_X_AMZN_TRACE_ID"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var buffers: [UnsafeMutableBufferPointer<CChar>] = []
    nonisolated(unsafe) private static var current = 0

    /// Sets the variable to `value`, or removes it when nil.
    static func set(_ value: String?) {
        lock.withLock {
            guard let value else {
                unsetenv(name)
                return
            }
            let entry = Array("\(name)=\(value)".utf8CString)
            let next = buffers.count < 2 ? buffers.count : 1 - current
            if next >= buffers.count || buffers[next].count < entry.count {
                // The buffer being replaced is not in the environment: the other one is, or none.
                if next < buffers.count { buffers[next].deallocate() }
                let grown = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(entry.count, 256))
                if next < buffers.count { buffers[next] = grown } else { buffers.append(grown) }
            }
            _ = buffers[next].initialize(from: entry)
            _ = putenv(buffers[next].baseAddress!)
            current = next
        }
    }
}
