import Foundation
import Shared

/// Webhooks as a development machine sends them: a request to the loopback interface over
/// `http` is really sent (each on a thread of its own, so a slow receiver holds up no task);
/// anything else is recorded only, never sent out of the machine.
public struct LoopbackWebhookTransport: WebhookTransport {
    public init() {}

    public func post(_ request: WebhookHTTPRequest) async -> WebhookHTTPOutcome {
        guard request.url.isLoopback else {
            return .notSent(
                "\(request.url.host) is not on the loopback interface, and locally only loopback URLs are sent"
            )
        }
        guard request.url.scheme == "http" else {
            return .notSent("https is not sent locally (no TLS here); a loopback receiver takes http")
        }
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: LoopbackHTTPExchange(request: request).run()) }.start()
        }
    }
}
