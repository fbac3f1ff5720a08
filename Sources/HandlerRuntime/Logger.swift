import Foundation
import Shared
import WireFormat

/// Structured log lines in Lambda's JSON log format (`timestamp`, `level`, `requestId`, `message`,
/// then the caller's fields), filtered by level, handed to a sink (the function's log stream).
public struct Logger: Sendable {
    public let function: String
    public let requestID: String
    public let minimumLevel: LogLevel
    /// The dimensions of every business metric this logger writes (the environment).
    public let metricDimensions: [String: String]
    private let clock: Clock
    private let sink: @Sendable (String) -> Void

    public init(
        function: String,
        requestID: String,
        minimumLevel: LogLevel,
        clock: Clock = .live,
        metricDimensions: [String: String] = [:],
        sink: @escaping @Sendable (String) -> Void
    ) {
        self.function = function
        self.requestID = requestID
        self.minimumLevel = minimumLevel
        self.clock = clock
        self.metricDimensions = metricDimensions
        self.sink = sink
    }

    /// A logger that drops everything.
    public static let discarding = Logger(function: "-", requestID: "-", minimumLevel: .error) { _ in }

    public func debug(_ message: String, _ fields: [String: String] = [:]) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [String: String] = [:]) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [String: String] = [:]) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [String: String] = [:]) { log(.error, message, fields) }

    public func log(_ level: LogLevel, _ message: String, _ fields: [String: String] = [:]) {
        guard level >= minimumLevel else { return }
        var line = fields.mapValues(JSONValue.string)
        line["timestamp"] = .string(Timestamp.string(clock.now()))
        line["level"] = .string(level.rawValue)
        line["message"] = .string(message)
        line["requestId"] = .string(requestID)
        sink(JSON.string(line))
    }

    /// The logger's clock, for lines written with their own time.
    func now() -> Date { clock.now() }

    /// Writes a line as it is, whatever the level.
    func write(_ line: String) { sink(line) }

    /// The same sink and level for another invocation.
    public func forInvocation(function: String, requestID: String) -> Logger {
        Logger(
            function: function,
            requestID: requestID,
            minimumLevel: minimumLevel,
            clock: clock,
            metricDimensions: metricDimensions,
            sink: sink
        )
    }
}
