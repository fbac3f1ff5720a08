import AWSClients
import Foundation
import HandlerRuntime
import LambdaRuntime
import Shared
import TestSupport
import Testing

/// The links a deployed function presigns, with the services the bootstrap builds from Lambda's
/// environment (temporary credentials with a session token, S3 at its own endpoint), used with
/// curl on moto. FileHandler's presign routes answer exactly these links (`Documents.swift`).
@Suite(
    "A function's presigned links on moto",
    .serialized,
    .enabled(if: MotoServer.isAvailable, "python3 with moto[server] is not installed")
)
struct FunctionLinkTests {
    static let token = "IQoJb3JpZ2luX2VjEPr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+session/token=="

    /// The function's services, S3 at moto through `AWS_ENDPOINT_URL_S3` (nothing listens at the
    /// shared endpoint), and a fresh bucket of its own.
    func services() async throws -> (Services, bucket: String) {
        let (endpoint, credentials) = try await MotoServer.unchecked.start()
        let services = try LambdaFunctions.services(environment: [
            "AWS_ACCESS_KEY_ID": credentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_SESSION_TOKEN": Self.token, "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ENDPOINT_URL_S3": endpoint.absoluteString,
            "AWS_LAMBDA_FUNCTION_NAME": "development-testex-file-handler",
        ])
        let bucket = MotoServer.uniqueName("links")
        try await services.objects.createBucket(bucket, versioned: false)
        return (services, bucket)
    }

    @Test func aDownloadLinkCarriesTheSessionTokenAndWorksWithCurl() async throws {
        let (services, bucket) = try await services()
        let key = "contracts/CT001ABC/FL0000000001/signed contract.pdf"
        _ = try await services.objects.putObject(bucket: bucket, key: key, data: Data("the contract".utf8))
        let presigner = try #require(services.presigner, "the bootstrap presigns links")
        let link = try presigner.presign(
            PresignRequest(method: "GET", bucket: bucket, key: key, date: Date(), expiresIn: 300)
        )
        let components = try #require(URLComponents(string: link.url))
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["X-Amz-Security-Token"] == Self.token)
        #expect(query["X-Amz-Expires"] == "300" && query["X-Amz-Signature"]?.count == 64)
        #expect(components.port != 9, "S3's own endpoint: \(link.url)")

        let fetched = try await Curl.run([link.url])
        #expect(fetched.status == 200 && fetched.body == Data("the contract".utf8))
        let absent = try await Curl.run([link.url.replacingOccurrences(of: "FL0000000001", with: "FL0000000002")])
        #expect(absent.status == 404)
    }

    @Test func anUploadLinkStoresItsMetadataOnceWithCurl() async throws {
        let (services, bucket) = try await services()
        let key = "contracts/CT001ABC/FL0000000003/minutes.txt"
        let presigner = try #require(services.presigner)
        let link = try presigner.presign(
            PresignRequest(
                method: "PUT",
                bucket: bucket,
                key: key,
                date: Date(),
                expiresIn: 300,
                metadata: ["file-id": "FL0000000003", "uploaded-by": "local admin"],
                headers: ["If-None-Match": "*"]
            )
        )
        #expect(link.url.contains("X-Amz-Security-Token="))
        #expect(link.url.contains("X-Amz-SignedHeaders=host%3Bif-none-match"))
        let headers = ["-H", "Content-Type: text/plain", "-H", "If-None-Match: *"]

        let upload = try await Curl.run(["-X", "PUT", link.url] + headers, body: Data("agreed by phone".utf8))
        #expect(upload.status == 200)
        let stored = try #require(try await services.objects.getObject(bucket: bucket, key: key))
        #expect(stored.data == Data("agreed by phone".utf8))
        #expect(stored.metadata == ["file-id": "FL0000000003", "uploaded-by": "local admin"])
        let twice = try await Curl.run(["-X", "PUT", link.url] + headers, body: Data("replaced".utf8))
        #expect(twice.status == 412, "a link uploads once")
        #expect(try await services.objects.getObject(bucket: bucket, key: key)?.data == Data("agreed by phone".utf8))
    }
}
