import AWSClients
import Foundation
import HandlerRuntime
import Shared
import Signing
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Invoke API's wire format, answered by a transport in the test (no Lambda runs here).
@Suite("Lambda Invoke client")
struct LambdaFunctionInvokerTests {
    static let aws = AWSConfiguration(
        region: "eu-west-1",
        credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token")
    )

    @Test func invokesTheDeployedFunctionSignedAndAnswersItsPayload() async throws {
        let transport = CannedTransport([AWSResponse(status: 200, headers: [:], body: Data(#"{"ok":true}"#.utf8))])
        let invoker = LambdaFunctionInvoker(
            configuration: Configuration(environment: .staging),
            aws: Self.aws,
            transport: transport
        )
        let answer = try await invoker.invoke(
            .databaseManager,
            payload: Data(#"{"operation":"get_contract"}"#.utf8),
            parent: nil
        )
        #expect(answer == Data(#"{"ok":true}"#.utf8))
        let request = try #require(transport.requests.first)
        #expect(request.httpMethod == "POST")
        #expect(
            request.url?.absoluteString
                == "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/staging-testex-database-manager/invocations"
        )
        #expect(request.value(forHTTPHeaderField: "X-Amz-Invocation-Type") == "RequestResponse")
        #expect(request.value(forHTTPHeaderField: "X-Amz-Security-Token") == "token")
        let authorization = try #require(request.value(forHTTPHeaderField: "Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKID/"))
        #expect(authorization.contains("/eu-west-1/lambda/aws4_request, SignedHeaders="))
    }

    @Test func aSynchronousInvokeCarriesTheCallersTraceAndDeadline() async throws {
        let answer = AWSResponse(status: 200, headers: [:], body: Data("{}".utf8))
        let transport = CannedTransport([answer, answer])
        let invoker = LambdaFunctionInvoker(configuration: Configuration(), aws: Self.aws, transport: transport)
        let deadline = Date(timeIntervalSince1970: 1_795_000_000.250)
        let parent = LambdaContext(
            requestID: "r",
            traceID: "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
            functionName: "ApiGateway",
            deployedName: "development-testex-api-gateway",
            deadline: deadline,
            logger: Logger(function: "t", requestID: "r", minimumLevel: .error) { _ in }
        )
        _ = try await invoker.invoke(.contractProcessor, payload: Data("{}".utf8), parent: parent)
        let request = try #require(transport.requests.first)
        #expect(request.value(forHTTPHeaderField: "X-Amzn-Trace-Id") == parent.traceID)
        let context = try #require(request.value(forHTTPHeaderField: "X-Amz-Client-Context"))
        #expect(CallerDeadline.deadline(fromClientContext: context) == deadline)
        let signed = try #require(request.value(forHTTPHeaderField: "Authorization"))
        #expect(signed.contains("x-amz-client-context"), "the header is signed: \(signed)")

        _ = try await invoker.invoke(.contractProcessor, payload: Data("{}".utf8), parent: nil)
        #expect(transport.requests.last?.value(forHTTPHeaderField: "X-Amz-Client-Context") == nil)
    }

    @Test func aFunctionErrorComesBackAsTheCalleesFunctionError() async throws {
        let body = Data(
            #"{"errorType":"DomainError.CONFLICT","errorMessage":"contract CT001ABC was changed concurrently"}"#.utf8
        )
        let transport = CannedTransport([
            AWSResponse(status: 200, headers: ["X-Amz-Function-Error": "Unhandled"], body: body)
        ])
        let invoker = LambdaFunctionInvoker(configuration: Configuration(), aws: Self.aws, transport: transport)
        await #expect(
            throws: FunctionError(
                errorType: "DomainError.CONFLICT",
                errorMessage: "contract CT001ABC was changed concurrently"
            )
        ) {
            try await invoker.invoke(.contractProcessor, payload: Data("{}".utf8), parent: nil)
        }
    }

    @Test func aServiceErrorNamesLambdasErrorType() async throws {
        let transport = CannedTransport([
            AWSResponse(
                status: 404,
                headers: ["x-amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/"],
                body: Data(#"{"Type":"User","Message":"Function not found"}"#.utf8)
            )
        ])
        let invoker = LambdaFunctionInvoker(configuration: Configuration(), aws: Self.aws, transport: transport)
        await #expect(throws: FunctionError(errorType: "ResourceNotFoundException", errorMessage: "Function not found"))
        {
            try await invoker.invoke(.fileHandler, payload: Data("{}".utf8), parent: nil)
        }
    }
}
