import Foundation
import Shared
import Signing
import WireFormat

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Signs and sends requests to one service, at its regional host or the configured endpoint.
struct AWSServiceClient: Sendable {
    let configuration: AWSConfiguration
    let service: AWSService
    let transport: any HTTPTransport
    let clock: @Sendable () -> Date
    /// How long one request may take before it fails.
    var timeout: TimeInterval = 60

    init(
        configuration: AWSConfiguration,
        service: AWSService,
        transport: any HTTPTransport,
        clock: @escaping @Sendable () -> Date
    ) {
        self.configuration = configuration
        self.service = service
        self.transport = transport
        self.clock = clock
    }

    /// The endpoint this service's requests go to; nil for AWS's regional host.
    var endpoint: URL? { configuration.endpoint(for: service) }

    /// Where a request goes, before it is signed.
    struct Address {
        /// The request with the endpoint's path, if it has one, before its own.
        var request: AWSRequest
        /// `scheme://host[:port]`.
        var origin: String
        /// The `Host` header: `host:port` for a port that is not the scheme's default.
        var host: String
        var url: URL
    }

    /// The address of `request` at `host` (default: the service's regional host) or at the endpoint.
    func address(_ request: AWSRequest, host: String? = nil) throws -> Address {
        var request = request
        let origin: String
        if let endpoint {
            origin = Self.origin(of: endpoint)
            request.path = Self.pathPrefix(of: endpoint) + request.path
        } else {
            origin = "https://\(host ?? service.host(region: configuration.region))"
        }
        let query = request.encodedQuery
        let target = origin + URIEncoding.encode(request.path, keepingSlash: true) + (query.isEmpty ? "" : "?" + query)
        guard let url = URL(string: target), let urlHost = url.host else {
            throw AWSConfigurationError("cannot build a URL from \(target)")
        }
        return Address(request: request, origin: origin, host: url.port.map { "\(urlHost):\($0)" } ?? urlHost, url: url)
    }

    /// The signer of this service's requests.
    var signer: SignatureV4 {
        SignatureV4(credentials: configuration.credentials, region: configuration.region, service: service.signingName)
    }

    /// Signs and sends the request to its address (see `address`).
    func send(_ request: AWSRequest, host: String? = nil, signingPayload: Bool = false) async throws -> AWSResponse {
        let address = try address(request, host: host)
        let signature = signer.sign(address.request, host: address.host, date: clock(), signingPayload: signingPayload)
        var urlRequest = URLRequest(url: address.url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        // URLSession sets Host from the URL (the same value that was signed).
        for header in signature.headers where header.name.lowercased() != "host" {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty || ["PUT", "POST"].contains(request.method) { urlRequest.httpBody = request.body }
        return try await transport.send(urlRequest)
    }

    /// `scheme://host[:port]` of an endpoint.
    private static func origin(of url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.path = ""
        return components?.string ?? url.absoluteString
    }

    /// The endpoint's path without its trailing slashes (empty for none).
    private static func pathPrefix(of url: URL) -> String {
        var path = url.path
        while path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
