import Foundation

/// One signed webhook request: a POST of `body` to `url` with `headers`.
public struct WebhookHTTPRequest: Sendable, Hashable {
    public var url: WebhookURL
    /// Header names and values, in the order they are sent.
    public var headers: [WebhookHeader]
    public var body: Data
    /// How long the whole exchange may take.
    public var timeout: TimeInterval

    public init(url: WebhookURL, headers: [WebhookHeader], body: Data, timeout: TimeInterval) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct WebhookHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What became of one webhook request.
public enum WebhookHTTPOutcome: Sendable, Hashable {
    /// The receiver answered with this status (the start of its body kept for diagnosis).
    case answered(status: Int, body: Data)
    /// No answer: refused, reset, timed out.
    case failed(String)
    /// Deliberately not sent (locally, a URL off the loopback interface); the delivery is recorded.
    case notSent(String)
}

/// Sends webhook requests: over the network on AWS; locally only to the loopback interface, so a
/// development machine never calls out to a subscriber's real endpoint.
public protocol WebhookTransport: Sendable {
    /// Sends the request and waits for the answer, at most `request.timeout`; never throws.
    func post(_ request: WebhookHTTPRequest) async -> WebhookHTTPOutcome
}

/// A transport that sends nothing: every delivery is recorded only.
public struct RecordingOnlyWebhookTransport: WebhookTransport {
    public init() {}

    public func post(_ request: WebhookHTTPRequest) async -> WebhookHTTPOutcome {
        .notSent("this system sends no webhooks; the delivery is recorded")
    }
}
