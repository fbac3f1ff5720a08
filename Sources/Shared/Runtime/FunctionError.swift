import Foundation

/// The error payload Lambda returns for a function error: `{"errorType","errorMessage"}`.
public struct FunctionError: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    public var errorType: String
    public var errorMessage: String

    public init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    /// The payload for any error a handler raised.
    public init(_ error: Error) {
        switch error {
        case let error as FunctionError: self = error
        case let error as DomainError: self.init(errorType: error.errorType, errorMessage: error.message)
        case let error as DomainErrorConvertible: self.init(error.domainError)
        default: self.init(errorType: String(describing: type(of: error)), errorMessage: String(describing: error))
        }
    }

    public var description: String { "\(errorType): \(errorMessage)" }

    /// The domain error this payload carries, or an internal error for anything else.
    public var domainError: DomainError {
        DomainError(errorType: errorType, errorMessage: errorMessage) ?? .internal(description)
    }
}

extension FunctionError {
    /// Lambda's error for an invocation stopped at its timeout.
    public static func timedOut(requestID: String, after duration: Duration) -> FunctionError {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let message = "RequestId: \(requestID) Error: \(LambdaLogFormat.timedOut(afterSeconds: seconds))"
        return FunctionError(errorType: "Sandbox.Timedout", errorMessage: message)
    }
}
