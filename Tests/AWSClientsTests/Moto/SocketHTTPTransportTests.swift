import AWSClients
import Foundation
import Shared
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The bootstraps' transport for plain-HTTP endpoints, against moto with signatures checked:
/// requests go over kept-alive sockets of the project's own, and what URLSession did for them
/// (the Host that was signed, the encoded path and query, HEAD without a body) still holds.
@Suite(
    "Socket HTTP transport against moto",
    .enabled(if: MotoServer.isAvailable, "python3 with moto[server] is not installed")
)
struct SocketHTTPTransportTests {
    @Test func signedS3RequestsRoundTripOverKeptAliveConnections() async throws {
        let configuration = try await MotoServer.configuration()
        let store = S3ObjectStore(configuration: configuration, transport: SocketHTTPTransport())
        let bucket = MotoServer.uniqueName("sockets")
        try await store.createBucket(bucket, versioned: false)
        let data = Data("%PDF-1.4 over a socket".utf8)
        for index in 0..<30 {
            _ = try await store.putObject(
                bucket: bucket,
                key: "contracts/CT001ABC/doc-\(index).pdf",
                data: data,
                contentType: "application/pdf",
                metadata: ["file-id": "FL\(index)"]
            )
        }
        let head = try #require(
            try await store.headObject(bucket: bucket, key: "contracts/CT001ABC/doc-7.pdf", versionId: nil)
        )
        #expect(head.size == data.count && head.metadata == ["file-id": "FL7"])
        let object = try #require(
            try await store.getObject(bucket: bucket, key: "contracts/CT001ABC/doc-29.pdf", versionId: nil)
        )
        #expect(object.data == data)
        #expect(try await store.getObject(bucket: bucket, key: "contracts/none.pdf", versionId: nil) == nil)
    }

    /// Keys and queries moto cannot check signatures of (as in the S3 client's own suite): the
    /// target goes out encoded exactly as it was signed.
    @Test func encodedKeysAndQueriesGoOutAsSigned() async throws {
        let configuration = try await MotoServer.configuration(.unchecked)
        let store = S3ObjectStore(configuration: configuration, transport: SocketHTTPTransport())
        let bucket = MotoServer.uniqueName("sockets")
        try await store.createBucket(bucket, versioned: false)
        for key in ["b/x y.pdf", "b/z+é.pdf", "b/a%20b.pdf", "c.pdf"] {
            _ = try await store.putObject(
                bucket: bucket,
                key: key,
                data: Data(key.utf8),
                contentType: "application/pdf",
                metadata: [:]
            )
        }
        let listed = try await store.listObjectsV2(ListObjectsV2Request(bucket: bucket, prefix: "b/", maxKeys: 2))
        #expect(listed.contents.map(\.key) == ["b/a%20b.pdf", "b/x y.pdf"])
        for key in ["b/x y.pdf", "b/z+é.pdf", "b/a%20b.pdf"] {
            let object = try await store.getObject(bucket: bucket, key: key, versionId: nil)
            #expect(object?.data == Data(key.utf8), "\(key)")
        }
    }

    @Test func anUnreachableEndpointIsATransportError() async throws {
        let transport = SocketHTTPTransport()
        let request = URLRequest(url: URL(string: "http://127.0.0.1:9/")!, timeoutInterval: 2)
        await #expect(throws: AWSTransportError.self) { try await transport.send(request) }
    }
}
