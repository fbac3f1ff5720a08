import AWSClients
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Records the requests and answers each with the next canned response (no service runs).
final class CannedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [AWSResponse]
    private var sent: [URLRequest] = []

    var requests: [URLRequest] { lock.withLock { sent } }

    init(_ answers: [AWSResponse]) { self.answers = answers }

    func send(_ request: URLRequest) async throws -> AWSResponse {
        lock.withLock {
            sent.append(request)
            return answers.removeFirst()
        }
    }
}
