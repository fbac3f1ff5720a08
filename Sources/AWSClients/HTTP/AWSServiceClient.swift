import Foundation
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

    init(configuration: AWSConfiguration, service: AWSService, transport: any HTTPTransport, clock: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        self.service = service
        self.transport = transport
        self.clock = clock
    }

    /// Sends the request to `host` (default: the service's regional host) or to the endpoint.
    func send(_ request: AWSRequest, host: String? = nil, signingPayload: Bool = false) async throws -> AWSResponse {
        let base = configuration.endpoint.map(Self.withoutTrailingSlash)
            ?? "https://\(host ?? service.host(region: configuration.region))"
        let query = request.encodedQuery
        let target = base + URIEncoding.encode(request.path, keepingSlash: true) + (query.isEmpty ? "" : "?" + query)
        guard let url = URL(string: target), let urlHost = url.host else {
            throw AWSConfigurationError("cannot build a URL from \(target)")
        }
        let hostHeader = url.port.map { "\(urlHost):\($0)" } ?? urlHost
        let signer = SignatureV4(credentials: configuration.credentials, region: configuration.region, service: service.signingName)
        let signature = signer.sign(request, host: hostHeader, date: clock(), signingPayload: signingPayload)
        var urlRequest = URLRequest(url: url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        // URLSession sets Host from the URL (the same value that was signed).
        for header in signature.headers where header.name.lowercased() != "host" {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty || ["PUT", "POST"].contains(request.method) { urlRequest.httpBody = request.body }
        return try await transport.send(urlRequest)
    }

    private static func withoutTrailingSlash(_ url: URL) -> String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
