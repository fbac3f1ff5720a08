import Foundation

/// What Lambda tells a handler about one invocation.
public struct LambdaContext: Sendable {
    public let requestID: String
    public let traceID: String
    /// The router name of the function (`ContractProcessor`).
    public let functionName: String
    /// The deployed name (`development-testex-contract-processor`).
    public let deployedName: String
    public let deadline: Date
    public let logger: Logger

    public init(requestID: String, traceID: String, functionName: String, deployedName: String, deadline: Date, logger: Logger) {
        self.requestID = requestID
        self.traceID = traceID
        self.functionName = functionName
        self.deployedName = deployedName
        self.deadline = deadline
        self.logger = logger
    }

    /// An X-Ray style trace header value for a new trace.
    public static func newTraceID(at date: Date) -> String {
        let epoch = String(Int(date.timeIntervalSince1970), radix: 16)
        let random = (0..<3).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max)) }.joined()
        return "Root=1-\(epoch)-\(random);Sampled=0"
    }
}
