import Foundation
import Shared
import WireFormat

/// One HTTP request to an AWS API before signing: the path is given decoded (`/bucket/a b.pdf`)
/// and encoded once when sent and signed; query items likewise.
public struct AWSRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    /// Header names as given; signing lower-cases them.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(
        method: String,
        path: String = "/",
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: Data = Data()
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The query as sent: items encoded and in the order given.
    public var encodedQuery: String {
        query.map { URIEncoding.encode($0.name) + "=" + URIEncoding.encode($0.value) }.joined(separator: "&")
    }
}
