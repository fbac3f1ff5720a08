import AWSClients
import Foundation
import Shared
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Which endpoint each client sends to, as the AWS SDKs' service-specific endpoints settle it:
/// `AWS_ENDPOINT_URL_<SERVICE>` over `AWS_ENDPOINT_URL`, an explicit endpoint over both.
@Suite("Service-specific endpoints")
struct ServiceEndpointTests {
    static let credentials = [
        "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "eu-west-1",
    ]

    func configuration(_ variables: [String: String], endpoint: String? = nil) throws -> AWSConfiguration {
        try AWSConfiguration(
            environment: Self.credentials.merging(variables) { $1 },
            endpoint: try endpoint.map(AWSConfiguration.endpoint)
        )
    }

    @Test func aServicesOwnVariableWinsOverTheSharedOne() throws {
        let aws = try configuration([
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000",
            "AWS_ENDPOINT_URL_DYNAMODB_STREAMS": "http://streams.local:8001",
        ])
        #expect(aws.endpoint(for: .s3)?.absoluteString == "http://127.0.0.1:9000")
        #expect(aws.endpoint(for: .dynamodb)?.absoluteString == "http://127.0.0.1:5000")
        #expect(aws.endpoint(for: .dynamodbStreams)?.absoluteString == "http://streams.local:8001")
        #expect(aws.endpoint(for: .lambda)?.absoluteString == "http://127.0.0.1:5000")
        let only = try configuration(["AWS_ENDPOINT_URL_SES": "http://127.0.0.1:7000"])
        #expect(only.endpoint(for: .ses)?.absoluteString == "http://127.0.0.1:7000")
        #expect(only.endpoint(for: .dynamodb) == nil, "without AWS_ENDPOINT_URL the others use AWS's regional hosts")
    }

    @Test func anExplicitEndpointServesEveryServiceAndIgnoringDropsTheVariables() throws {
        let explicit = try configuration(
            ["AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000"],
            endpoint: "http://127.0.0.1:5000"
        )
        #expect(
            AWSService.allCases.allSatisfy { explicit.endpoint(for: $0)?.absoluteString == "http://127.0.0.1:5000" }
        )
        let ignored = try configuration([
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:9001",
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
        ])
        #expect(AWSService.allCases.allSatisfy { ignored.endpoint(for: $0) == nil })
    }

    @Test func aMalformedEndpointNamesItsVariable() throws {
        for (variable, value) in [
            ("AWS_ENDPOINT_URL_LAMBDA", "ftp://host"), ("AWS_ENDPOINT_URL", "127.0.0.1:5000"),
            ("AWS_ENDPOINT_URL_S3", "http://host?x=1"),
        ] {
            let error = #expect(throws: AWSConfigurationError.self) { try configuration([variable: value]) }
            #expect(error?.message.hasPrefix("\(variable): endpoint \(value) is not an http(s) URL") == true)
        }
    }

    @Test func eachClientSendsToItsServicesEndpoint() async throws {
        let aws = try configuration([
            "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000", "AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:9001",
        ])
        let transport = CannedTransport([
            AWSResponse(status: 200, headers: [:], body: Data("{}".utf8)),
            AWSResponse(status: 404, headers: [:], body: Data()),
            AWSResponse(status: 202, headers: [:], body: Data()),
        ])
        _ = try await DynamoDBTableStore(configuration: aws, transport: transport).getItem(table: "t", key: ["id": "1"])
        _ = try await S3ObjectStore(configuration: aws, transport: transport).getObject(
            bucket: "bucket",
            key: "a b.pdf"
        )
        _ = try await LambdaFunctionInvoker(configuration: Configuration(), aws: aws, transport: transport)
            .invokeAsync(.fileHandler, payload: Data("{}".utf8), parent: nil)
        let urls = transport.requests.compactMap { $0.url?.absoluteString }
        #expect(
            urls == [
                "https://dynamodb.eu-west-1.amazonaws.com/", "http://127.0.0.1:9000/bucket/a%20b.pdf",
                "http://127.0.0.1:9001/2015-03-31/functions/development-testex-file-handler/invocations",
            ]
        )
    }

    @Test func anEndpointsPathPrefixesEveryRequestAndIsSigned() async throws {
        let aws = try configuration(["AWS_ENDPOINT_URL_S3": "https://gateway.example/s3/"])
        let transport = CannedTransport([AWSResponse(status: 404, headers: [:], body: Data())])
        _ = try await S3ObjectStore(configuration: aws, transport: transport).getObject(bucket: "bucket", key: "k")
        let request = try #require(transport.requests.first)
        #expect(request.url?.absoluteString == "https://gateway.example/s3/bucket/k")
        let link = try S3URLPresigner(configuration: aws)
            .presign(
                PresignRequest(
                    method: "GET",
                    bucket: "bucket",
                    key: "k",
                    date: Date(timeIntervalSince1970: 0),
                    expiresIn: 60
                )
            )
        #expect(link.url.hasPrefix("https://gateway.example/s3/bucket/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
    }
}
