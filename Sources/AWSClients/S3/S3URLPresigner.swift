import Foundation
import Shared
import Signing
import WireFormat

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Presigned links to S3 objects with the function's credentials (the session token included,
/// as `X-Amz-Security-Token`), made with Signature Version 4 query-string authentication as
/// botocore makes them, against S3's regional host or the configured S3 endpoint. The host and
/// the request's `headers` are signed headers (a client must send those as they are); an upload
/// link's values (`PresignRequest.metadata`) are signed `x-amz-meta-*` query parameters, which S3
/// stores as the object's user metadata.
public struct S3URLPresigner: ObjectURLPresigner {
    private let client: AWSServiceClient

    public init(configuration: AWSConfiguration) {
        client = AWSServiceClient(
            configuration: configuration,
            service: .s3,
            transport: UnusedTransport(),
            clock: { Date() }
        )
    }

    public func presign(_ request: PresignRequest) throws -> PresignedURL {
        guard ["GET", "PUT"].contains(request.method) else {
            throw ObjectStoreError.invalidArgument("links are for GET or PUT, not \(request.method)")
        }
        guard (1...PresignRequest.maximumExpiry).contains(request.expiresIn) else {
            throw ObjectStoreError.invalidArgument("a link lasts 1 to \(PresignRequest.maximumExpiry) seconds")
        }
        try ObjectStoreRules.validateBucketName(request.bucket)
        try ObjectStoreRules.validateKey(request.key)
        let metadata = request.metadata.map { (name: "x-amz-meta-\($0.key.lowercased())", value: $0.value) }.sorted {
            $0.name < $1.name
        }
        let headers = request.headers.map { (name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
        let routed = S3Addressing(client: client).route(
            AWSRequest(method: request.method, query: metadata, headers: headers),
            bucket: request.bucket,
            key: request.key
        )
        let address = try client.address(routed.request, host: routed.host)
        // Whole seconds, as X-Amz-Date states the time.
        let date = Date(timeIntervalSince1970: request.date.timeIntervalSince1970.rounded(.down))
        let signed = client.signer.presign(
            address.request,
            origin: address.origin,
            host: address.host,
            date: date,
            expires: request.expiresIn
        )
        return PresignedURL(
            url: signed.url,
            method: request.method,
            expiresAt: Timestamp.string(date.addingTimeInterval(TimeInterval(request.expiresIn)))
        )
    }
}

/// The transport of a client that only addresses and signs, never sends.
private struct UnusedTransport: HTTPTransport {
    func send(_ request: URLRequest) async throws -> AWSResponse {
        throw AWSTransportError(url: request.url, underlying: "this client makes presigned links and sends nothing")
    }
}
