import Foundation
import Shared

/// Where a command writes: the process's stdout and stderr, or buffers in tests.
public final class Console: @unchecked Sendable {
    private let capture: Bool
    /// What was written, when capturing; the lock also keeps lines whole when not.
    private let buffers = Locked((out: Data(), err: Data()))

    public init(capture: Bool) {
        self.capture = capture
    }

    public func out(_ text: String) { write(text, toError: false) }
    public func err(_ text: String) { write(text, toError: true) }

    /// Whether output is kept for a test rather than written to the process's streams.
    public var isCapturing: Bool { capture }

    public var stdout: String { buffers.withLock { String(decoding: $0.out, as: UTF8.self) } }
    public var stderr: String { buffers.withLock { String(decoding: $0.err, as: UTF8.self) } }

    private func write(_ text: String, toError: Bool) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        buffers.withLock { buffers in
            if capture {
                if toError {
                    buffers.err.append(contentsOf: line.utf8)
                } else {
                    buffers.out.append(contentsOf: line.utf8)
                }
            } else {
                (toError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(line.utf8))
            }
        }
    }
}
