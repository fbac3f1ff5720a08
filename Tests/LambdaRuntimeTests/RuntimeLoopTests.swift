import AWSClients
import Foundation
import HandlerRuntime
import LambdaRuntime
import Shared
import TestSupport
import Testing
import WireFormat

/// The runtime loop and the bootstrap against a fake Runtime API on 127.0.0.1 (with the
/// client's tests in RuntimeAPIClientTests.swift), one test at a time: each invocation sets the
/// process's `_X_AMZN_TRACE_ID`, which one of them checks.
@Suite("Lambda runtime loop", .serialized)
struct RuntimeLoopTests {
    /// Answers what it learned from the invocation's headers, so the test sees the context.
    struct ContextEcho: ByteHandler {
        func handle(_ payload: Data, context: LambdaContext) async throws -> Data {
            if payload == Data(#"{"fail":true}"#.utf8) {
                throw DomainError.conflict("contract CT001ABC is already TERMINATED")
            }
            let echo: JSONValue = [
                "request_id": .string(context.requestID), "trace_id": .string(context.traceID),
                "deadline_ms": .number(Decimal(Int((context.deadline.timeIntervalSince1970 * 1000).rounded()))),
                "function": .string(context.functionName), "deployed": .string(context.deployedName),
                "payload": try JSON.decode(JSONValue.self, from: payload),
            ]
            return try JSON.encode(echo)
        }
    }

    static let environment = [
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
        // Nothing listens here: these invocations must not need storage.
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_LAMBDA_FUNCTION_NAME": "development-testex-api-gateway",
    ]

    @Test func servesEachInvocationWithItsHeadersAndPostsTheResponse() async throws {
        let first = FakeRuntimeAPI.Invocation(payload: #"{"n":1}"#, deadlineMs: 1_795_000_000_123)
        let second = FakeRuntimeAPI.Invocation(payload: #"{"n":2}"#)
        let api = try FakeRuntimeAPI([first, second])
        defer { api.stop() }
        let loop = RuntimeLoop(
            client: RuntimeAPIClient(api: api.api),
            function: .apiGateway,
            handler: ContextEcho(),
            configuration: Configuration(),
            output: { _ in }
        )
        await #expect(throws: RuntimeAPIError.self) { try await loop.run() }

        let posts = api.received.filter { $0.method == "POST" }
        #expect(
            posts.map(\.path) == [
                "/2018-06-01/runtime/invocation/\(first.requestID)/response",
                "/2018-06-01/runtime/invocation/\(second.requestID)/response",
            ]
        )
        let echo = try #require(posts.first?.json)
        #expect(echo["request_id"] as? String == first.requestID)
        #expect(echo["trace_id"] as? String == first.traceID)
        #expect(echo["deadline_ms"] as? Int == 1_795_000_000_123)
        #expect(echo["function"] as? String == "ApiGateway")
        #expect(echo["deployed"] as? String == "development-testex-api-gateway")
        #expect((echo["payload"] as? [String: Any])?["n"] as? Int == 1)
        #expect(
            api.received.filter { $0.path.hasSuffix("/invocation/next") }.count == 3,
            "two invocations, then the failing poll"
        )
    }

    @Test func aHandlerErrorIsPostedAsLambdasErrorDocument() async throws {
        let failing = FakeRuntimeAPI.Invocation(payload: #"{"fail":true}"#)
        let api = try FakeRuntimeAPI([failing, FakeRuntimeAPI.Invocation(payload: #"{"n":3}"#)])
        defer { api.stop() }
        let loop = RuntimeLoop(
            client: RuntimeAPIClient(api: api.api),
            function: .contractProcessor,
            handler: ContextEcho(),
            configuration: Configuration(),
            output: { _ in }
        )
        await #expect(throws: RuntimeAPIError.self) { try await loop.run() }

        let error = try #require(
            api.received.first { $0.path == "/2018-06-01/runtime/invocation/\(failing.requestID)/error" }
        )
        #expect(error.headers["lambda-runtime-function-error-type"] == "DomainError.CONFLICT")
        #expect(error.json?["errorType"] as? String == "DomainError.CONFLICT")
        #expect(error.json?["errorMessage"] as? String == "contract CT001ABC is already TERMINATED")
        #expect(error.json?["stackTrace"] as? [Any] != nil)
        #expect(api.received.contains { $0.path.hasSuffix("/response") }, "the loop goes on after an error")
    }

    @Test func theBootstrapRunsTheNamedHandlerOnAWSServices() async throws {
        // An API request without authorizer claims is refused by ApiGateway without storage.
        let event = try String(
            decoding: Data(contentsOf: Self.fixture("apigw-v1/aws-lambda-go__apigw-request.json")),
            as: UTF8.self
        )
        let malformed = FakeRuntimeAPI.Invocation(payload: #"{"action": 5}"#)
        let api = try FakeRuntimeAPI([FakeRuntimeAPI.Invocation(payload: event)])
        defer { api.stop() }
        let code = await LambdaBootstrap.run(
            environment: Self.environment.merging(["AWS_LAMBDA_RUNTIME_API": api.api, "_HANDLER": "ApiGateway"]) { $1 },
            output: { _ in }
        )
        #expect(code == 1, "the loop ends when the Runtime API fails")
        let response = try #require(api.received.first { $0.path.hasSuffix("/response") }?.json)
        #expect((400..<500).contains(response["statusCode"] as? Int ?? 0), "\(response)")

        let database = try FakeRuntimeAPI([malformed])
        defer { database.stop() }
        _ = await LambdaBootstrap.run(
            environment: Self.environment.merging([
                "AWS_LAMBDA_RUNTIME_API": database.api, "_HANDLER": "DatabaseManager",
            ]) { $1 },
            output: { _ in }
        )
        let error = try #require(database.received.first { $0.path.hasSuffix("/\(malformed.requestID)/error") })
        #expect(error.json?["errorType"] as? String == "DomainError.BAD_REQUEST")
    }

    @Test func messagesNameTheConfigurationSetOfTheEnvironment() throws {
        let mail = try LambdaFunctions.services(
            environment: Self.environment.merging(["SES_CONFIGURATION_SET": "development-testex-email"]) { $1 }
        ).mail
        #expect((mail as? SESMailSender)?.configurationSet == "development-testex-email")
        #expect(
            (try LambdaFunctions.services(environment: Self.environment).mail as? SESMailSender)?.configurationSet
                == nil
        )
    }

    @Test func anInitializationErrorIsReportedAndNothingIsServed() async throws {
        let api = try FakeRuntimeAPI([FakeRuntimeAPI.Invocation(payload: "{}")])
        defer { api.stop() }
        var environment = Self.environment.merging(["AWS_LAMBDA_RUNTIME_API": api.api, "_HANDLER": "NoSuchFunction"]) {
            $1
        }
        environment["AWS_LAMBDA_FUNCTION_NAME"] = nil
        let code = await LambdaBootstrap.run(environment: environment, output: { _ in })
        #expect(code == 1)
        #expect(api.received.map(\.path) == ["/2018-06-01/runtime/init/error"])
        let error = try #require(api.received.first?.json)
        #expect(error["errorType"] as? String == "Runtime.InitError")
        #expect((error["errorMessage"] as? String)?.contains("_HANDLER=NoSuchFunction") == true)
        #expect(api.received.first?.headers["lambda-runtime-function-error-type"] == "Runtime.InitError")

        let missing = try FakeRuntimeAPI([])
        defer { missing.stop() }
        var noCredentials = Self.environment.merging(["AWS_LAMBDA_RUNTIME_API": missing.api, "_HANDLER": "ApiGateway"])
        { $1 }
        noCredentials["AWS_SECRET_ACCESS_KEY"] = nil
        #expect(await LambdaBootstrap.run(environment: noCredentials, output: { _ in }) == 1)
        #expect((missing.received.first?.json?["errorMessage"] as? String)?.contains("AWS_SECRET_ACCESS_KEY") == true)
    }

    /// An AWS event fixture, `<folder>/<file>`.
    static func fixture(_ path: String) -> URL {
        EventFixture.root.appendingPathComponent(path)
    }
}
