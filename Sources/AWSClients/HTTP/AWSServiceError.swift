/// An error answer of an AWS API that has no meaning in the service protocols (throttling,
/// access denied, an unexpected status), with the service's own code and message.
public struct AWSServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public let service: String
    public let status: Int
    public let code: String
    public let message: String

    public init(service: String, status: Int, code: String, message: String) {
        self.service = service
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message) (\(service), HTTP \(status))" }
}
