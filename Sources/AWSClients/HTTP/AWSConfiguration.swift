import Foundation
import Signing

/// Where requests go and as whom: the region, the credentials, and optionally endpoints that
/// replace AWS's regional hosts (moto, LocalStack): one for every service, and one per service
/// that wins over it. A custom endpoint also switches S3 to path-style addressing.
public struct AWSConfiguration: Sendable {
    public var region: String
    public var credentials: AWSCredentials
    /// The endpoint of every service that has none of its own in `serviceEndpoints`.
    public var endpoint: URL?
    /// Endpoints of single services, as `AWS_ENDPOINT_URL_<SERVICE>` gives them.
    public var serviceEndpoints: [AWSService: URL]

    public init(
        region: String,
        credentials: AWSCredentials,
        endpoint: URL? = nil,
        serviceEndpoints: [AWSService: URL] = [:]
    ) {
        self.region = region
        self.credentials = credentials
        self.endpoint = endpoint
        self.serviceEndpoints = serviceEndpoints
    }

    /// `AWS_REGION` (else `AWS_DEFAULT_REGION`, else `us-east-1`), the credentials variables, and
    /// the endpoints. An explicit `endpoint` (`--endpoint`) serves every service, as the AWS CLI's
    /// `--endpoint-url` does; otherwise, as in the AWS SDKs' service-specific endpoints,
    /// `AWS_ENDPOINT_URL_<SERVICE>` serves its service and `AWS_ENDPOINT_URL` the others, and
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` ignores all of them. Missing credentials or a
    /// malformed endpoint are an error naming the variable.
    public init(environment: [String: String], endpoint: URL? = nil) throws {
        guard let credentials = AWSCredentials(environment: environment) else {
            throw AWSConfigurationError(
                "AWS credentials are missing: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and "
                    + "AWS_SESSION_TOKEN for temporary ones)"
            )
        }
        let region =
            [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap { $0 }.first { !$0.isEmpty }
            ?? "us-east-1"
        if let endpoint {
            self.init(region: region, credentials: credentials, endpoint: endpoint)
            return
        }
        let configured = try Self.configuredEndpoints(environment)
        self.init(
            region: region,
            credentials: credentials,
            endpoint: configured.all,
            serviceEndpoints: configured.services
        )
    }

    /// The endpoint requests to `service` go to; nil for AWS's regional host.
    public func endpoint(for service: AWSService) -> URL? {
        serviceEndpoints[service] ?? endpoint
    }

    /// The endpoints the environment configures, as the SDKs read them.
    static func configuredEndpoints(
        _ environment: [String: String]
    ) throws
        -> (all: URL?, services: [AWSService: URL])
    {
        guard environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() != "true" else { return (nil, [:]) }
        func read(_ variable: String) throws -> URL? {
            guard let text = environment[variable], !text.isEmpty else { return nil }
            do {
                return try endpoint(text)
            } catch let error as AWSConfigurationError {
                throw AWSConfigurationError("\(variable): \(error.message)")
            }
        }
        var services: [AWSService: URL] = [:]
        for service in AWSService.allCases {
            services[service] = try read(service.endpointVariable)
        }
        return (try read("AWS_ENDPOINT_URL"), services)
    }

    /// Parses an endpoint such as `http://127.0.0.1:5000` (a path is kept as a prefix of every
    /// request's); anything but an http(s) URL with a host, and no query or fragment, is an error.
    public static func endpoint(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
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
public enum AWSService: String, Sendable, CaseIterable {
    case dynamodb
    case dynamodbStreams = "dynamodbstreams"
    case s3, ses, lambda, cloudformation

    /// The name in the credential scope (SES's v1 API signs as `ses` at `email.<region>`; the
    /// Streams API signs as `dynamodb` at `streams.dynamodb.<region>`).
    public var signingName: String { self == .dynamodbStreams ? "dynamodb" : rawValue }

    /// The variable of the service's own endpoint: `AWS_ENDPOINT_URL_` and the SDKs' service
    /// id upper-cased with spaces as underscores (`DynamoDB Streams` -> `DYNAMODB_STREAMS`).
    public var endpointVariable: String {
        "AWS_ENDPOINT_URL_" + (self == .dynamodbStreams ? "DYNAMODB_STREAMS" : rawValue.uppercased())
    }

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
