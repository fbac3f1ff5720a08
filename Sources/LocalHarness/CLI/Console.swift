import Foundation

/// Where a command writes: the process's stdout and stderr, or buffers in tests.
public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private let capture: Bool
    private var outBuffer = Data()
    private var errBuffer = Data()

    public init(capture: Bool) {
        self.capture = capture
    }

    public func out(_ text: String) { write(text, toError: false) }
    public func err(_ text: String) { write(text, toError: true) }

    /// Whether output is kept for a test rather than written to the process's streams.
    public var isCapturing: Bool { capture }

    public var stdout: String { lock.withLock { String(decoding: outBuffer, as: UTF8.self) } }
    public var stderr: String { lock.withLock { String(decoding: errBuffer, as: UTF8.self) } }

    private func write(_ text: String, toError: Bool) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        lock.withLock {
            if capture {
                if toError { errBuffer.append(contentsOf: line.utf8) } else { outBuffer.append(contentsOf: line.utf8) }
            } else {
                (toError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(line.utf8))
            }
        }
    }
}
