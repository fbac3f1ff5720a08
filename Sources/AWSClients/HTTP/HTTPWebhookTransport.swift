import Foundation
import Shared

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Webhooks as a deployed function sends them: over the network to any `http` or `https` URL,
/// with the request's timeout. Link-local hosts (169.254.0.0/16, where cloud metadata services
/// answer) are refused, so a subscription cannot point the function at its own infrastructure.
public struct HTTPWebhookTransport: WebhookTransport {
    let transport: any HTTPTransport

    public init(transport: any HTTPTransport = URLSessionTransport()) {
        self.transport = transport
    }

    public func post(_ request: WebhookHTTPRequest) async -> WebhookHTTPOutcome {
        guard !request.url.host.hasPrefix("169.254."), !request.url.host.hasPrefix("[fe80:") else {
            return .notSent("\(request.url.host) is a link-local address; webhooks are not sent there")
        }
        guard let url = URL(string: request.url.text) else {
            return .notSent("\(request.url.text) is not a URL Foundation reads")
        }
        var urlRequest = URLRequest(url: url, timeoutInterval: request.timeout)
        urlRequest.httpMethod = "POST"
        urlRequest.httpBody = request.body
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        do {
            let response = try await transport.send(urlRequest)
            return .answered(status: response.status, body: response.body.prefix(64 * 1024))
        } catch {
            return .failed("\(error)")
        }
    }
}
