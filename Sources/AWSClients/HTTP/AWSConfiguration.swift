import Foundation

/// Where requests go and as whom: the region, the credentials, and optionally one endpoint
/// that serves every service (moto, LocalStack), which also switches S3 to path-style addressing.
public struct AWSConfiguration: Sendable {
    public var region: String
    public var credentials: AWSCredentials
    public var endpoint: URL?

    public init(region: String, credentials: AWSCredentials, endpoint: URL? = nil) {
        self.region = region
        self.credentials = credentials
        self.endpoint = endpoint
    }

    /// `AWS_REGION` (else `AWS_DEFAULT_REGION`, else `us-east-1`), the credentials variables, and
    /// `endpoint` (else `AWS_ENDPOINT_URL`). Missing credentials are an error naming the variables.
    public init(environment: [String: String], endpoint: URL? = nil) throws {
        guard let credentials = AWSCredentials(environment: environment) else {
            throw AWSConfigurationError("AWS credentials are missing: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones)")
        }
        let region = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap { $0 }.first { !$0.isEmpty } ?? "us-east-1"
        let endpoint = try endpoint ?? environment["AWS_ENDPOINT_URL"].flatMap { $0.isEmpty ? nil : try Self.endpoint($0) }
        self.init(region: region, credentials: credentials, endpoint: endpoint)
    }

    /// Parses an endpoint such as `http://127.0.0.1:5000`; anything but an http(s) URL with a host is an error.
    public static func endpoint(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw AWSConfigurationError("endpoint \(text) is not an http(s) URL such as http://127.0.0.1:5000")
        }
        return url
    }
}

/// A missing or malformed setting, said in one line.
public struct AWSConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The services the clients call, with their signing names and regional hosts.
public enum AWSService: String, Sendable {
    case dynamodb, dynamodbStreams = "dynamodbstreams", s3, ses, lambda, cloudformation

    /// The name in the credential scope (SES's v1 API signs as `ses` at `email.<region>`; the
    /// Streams API signs as `dynamodb` at `streams.dynamodb.<region>`).
    public var signingName: String { self == .dynamodbStreams ? "dynamodb" : rawValue }

    /// The regional endpoint host.
    public func host(region: String) -> String {
        switch self {
        case .dynamodb: "dynamodb.\(region).amazonaws.com"
        case .dynamodbStreams: "streams.dynamodb.\(region).amazonaws.com"
        case .s3: "s3.\(region).amazonaws.com"
        case .ses: "email.\(region).amazonaws.com"
        case .lambda: "lambda.\(region).amazonaws.com"
        case .cloudformation: "cloudformation.\(region).amazonaws.com"
        }
    }
}
