import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing
import WireFormat

@Suite("The API front door's view of either payload version")
struct APIGatewayEventTests {
    private func event(_ name: String, in folder: String) throws -> APIGatewayEvent {
        try EventFixture.named(name, in: folder).decode(APIGatewayEvent.self)
    }

    private func event(json: String) throws -> APIGatewayEvent {
        try JSON.decode(APIGatewayEvent.self, from: Data(json.utf8))
    }

    @Test func restEventReadsMethodPathHeadersQueryAndClaims() throws {
        let event = try event(
            "swift-aws-lambda-events__LambdaGatewayProxyEventTests.exampleLambdaProxyEvent",
            in: "apigw-v1"
        )
        #expect(event.method == "GET")
        #expect(event.path == "/hello")
        #expect(event.header("Authorization") == "Bearer abc123")
        #expect(event.header("HOST") == "hello.test.com")
        #expect(event.header("header2") == "value1,value2")
        #expect(event.queryParameters == ["foo": "bar", "parameter1": "value2", "parameter2": "value"])
        #expect(event.body == "Hello from Lambda!")
        #expect(event.isBase64Encoded == false)
        #expect(event.requestId == "LgLpnibOFiAEPCA=")
        #expect(
            event.claims == [
                "aud": "customers", "iss": "https://hello.test.com/", "iat": "1587749276", "exp": "1587756476",
            ]
        )
        #expect(try event.decodedBody() == Data("Hello from Lambda!".utf8))
    }

    @Test func restHeadersOnlyInMultiValueHeadersAreFound() throws {
        let rest = try event("aws-lambda-java-libs__apigw_rest_event", in: "apigw-v1")
        #expect(rest.header("header3") == "value1,value2")
        #expect(rest.header("Header2") == "value2")

        let nilHeaders = try event("swift-aws-lambda-events__APIGatewayTests.postEventBodyNilHeaders", in: "apigw-v1")
        #expect(nilHeaders.method == "POST")
        #expect(nilHeaders.header("content-type") == "application/json")
        #expect(nilHeaders.header("Origin") == "http://todobackend.com")
    }

    @Test func restEventWithoutHeadersHasNoHeader() throws {
        let event = try event("aws-lambda-dotnet__values-get-customauthorizer-apigateway-request", in: "apigw-v1")
        #expect(event.headers.isEmpty)
        #expect(event.header("Host") == nil)
        #expect(event.path == "/api/resourcepath/5")
        #expect(event.claims == ["sub": "test-id"])
        #expect(try event.decodedBody() == nil)
    }

    @Test func restCognitoClaimsReachTheView() throws {
        let event = try event(
            "swift-aws-lambda-events__APIGatewayTests.exampleGetEventBodyWithAuthorizer",
            in: "apigw-v1"
        )
        #expect(event.claims["username"] == "richwolf")
        #expect(event.claims["client_id"] == "6rupb256qn12tju82occ9eppqr")
        #expect(event.header("X-Forwarded-Port") == "3000")
        #expect(event.body == nil)
    }

    @Test func restBodyOfPutIsRead() throws {
        let event = try event("aws-lambda-dotnet__values-put-withbody-apigateway-request", in: "apigw-v1")
        #expect(event.method == "PUT")
        #expect(event.header("content-type") == "application/json")
        #expect(event.queryParameters.isEmpty)
        #expect(try event.decodedBody() == Data(#"{"firstName":"Smith","lastName": "Agent"}"#.utf8))
    }

    @Test func emptyBodyDecodesToNoBytes() throws {
        let event = try event("aws-lambda-java-libs__apigw_event_nobody", in: "apigw-v1")
        #expect(event.body == "")
        #expect(try event.decodedBody() == Data())
    }

    @Test func httpEventReadsMethodPathHeadersQueryAndClaims() throws {
        let event = try event("aws-lambda-go__apigw-v2-request-jwt-authorizer", in: "apigw-v2")
        #expect(event.method == "GET")
        #expect(event.path == "/my/path")
        #expect(event.header("header1") == "value1")
        #expect(event.queryParameters == ["parameter1": "value1,value2", "parameter2": "value"])
        #expect(event.requestId == "id")
        #expect(event.claims == ["claim1": "value1", "claim2": "value2"])
        #expect(try event.decodedBody() == Data("{\r\n\t\"a\": 1\r\n}".utf8))
    }

    @Test func httpEventWithPostBodyIsRead() throws {
        let event = try event("powertools-lambda-python__apiGatewayProxyV2Event", in: "apigw-v2")
        #expect(event.method == "POST")
        #expect(event.header("HEADER2") == "value1,value2")
        #expect(event.body == #"{"message": "hello world", "username": "tom"}"#)
    }

    @Test func jwtClaimsWinOverLambdaContext() throws {
        let both = try event("powertools-lambda-python__apiGatewayProxyV2LambdaAuthorizerEvent", in: "apigw-v2")
        #expect(both.claims == ["claim1": "value1"])

        let lambdaOnly = try event("aws-lambda-go__apigw-v2-request-lambda-authorizer", in: "apigw-v2")
        #expect(lambdaOnly.claims == ["key": "value"])

        let iam = try event("powertools-lambda-python__apiGatewayProxyV2IamEvent", in: "apigw-v2")
        #expect(iam.claims.isEmpty)
    }

    @Test func httpPathIsTheRawPathWithItsStage() throws {
        let staged = try event("aws-lambda-rust-runtime__apigw_v2_proxy_request_with_stage_in_path", in: "apigw-v2")
        #expect(staged.path == "/Prod/my/path")
        #expect(staged.method == "POST")

        let iam = try event("swift-aws-lambda-events__APIGateway+V2IAMTests.getEventWithIAM", in: "apigw-v2")
        #expect(iam.path == "/hello")
    }

    @Test func httpQueryFallsBackToTheRawQueryString() throws {
        let event = try event(
            "swift-aws-lambda-events__APIGateway+V2Tests.exampleGetEventBodyNilHeaders",
            in: "apigw-v2"
        )
        #expect(event.headers.isEmpty)
        #expect(event.queryParameters == ["foo": "bar"])
        #expect(event.claims["aud"] == "customers")
    }

    @Test func base64BodiesAreDecoded() throws {
        let rest = try event("aws-sam-cli__AwsProxy", in: "apigw-v1")
        #expect(rest.isBase64Encoded)
        #expect(try rest.decodedBody() == Data(#"{"test":"body"}"#.utf8))

        let http = try event("aws-sam-cli__HttpApi", in: "apigw-v2")
        #expect(try http.decodedBody() == Data(#"{"test":"body"}"#.utf8))

        let hello = try event("swift-aws-lambda-events__APIGateway+V2Tests.requestWithBase64Body", in: "apigw-v2")
        #expect(try hello.decodedBody() == Data("Hello World!".utf8))
    }

    @Test(arguments: [
        ("apigw-v1", "powertools-lambda-python__apiGatewayProxyEventAnotherPath"),
        ("apigw-v1", "powertools-lambda-python__apiGatewayProxyEvent_noVersionAuth"),
        ("apigw-v2", "aws-lambda-dotnet__http-api-v2-request"),
    ])
    func bodyFlaggedBase64ButNotBase64Throws(folder: String, name: String) throws {
        let event = try event(name, in: folder)
        #expect(event.isBase64Encoded)
        #expect(throws: APIGatewayEvent.InvalidBase64Body()) { try event.decodedBody() }
    }

    @Test func partialRestEventStillGivesItsRequestId() throws {
        let event = try event("powertools-lambda-python__apiGatewayProxyEventPrincipalId", in: "apigw-v1")
        #expect(event.method == "POST")
        #expect(event.path == "/trip")
        #expect(event.requestId == "34972478-2843-4ced-a657-253108738274")
        #expect(event.claims.isEmpty)
        #expect(try event.decodedBody() == nil)
    }

    @Test func methodIsUpperCased() throws {
        let event = try event(json: #"{"resource":"/a","path":"/a","httpMethod":"post","requestContext":{}}"#)
        #expect(event.method == "POST")
    }

    @Test func versionlessEventWithHTTPContextIsVersion2() throws {
        let event = try event(
            json: """
                {"routeKey":"GET /a","requestContext":{"accountId":"1","apiId":"a","requestId":"r","stage":"$default",
                 "http":{"method":"GET","path":"/a","protocol":"HTTP/1.1","sourceIp":"127.0.0.1"}}}
                """
        )
        guard case .v2(let request) = event else {
            Issue.record("taken for a REST API event")
            return
        }
        #expect(request.rawPath == "/a")
        #expect(event.path == "/a")
    }

    @Test func nonStringClaimsAreStringified() throws {
        let http = try event(
            json: """
                {"version":"2.0","rawPath":"/","requestContext":{"accountId":"1","apiId":"a","requestId":"r","stage":"s",
                 "http":{"method":"GET","path":"/","protocol":"HTTP/1.1","sourceIp":"127.0.0.1"},
                 "authorizer":{"jwt":{"claims":{"sub":"u1","exp":1700000000,"email_verified":true,
                   "cognito:groups":["admin","ops"],"nothing":null},"scopes":null}}}}
                """
        )
        #expect(
            http.claims == [
                "sub": "u1", "exp": "1700000000", "email_verified": "true", "cognito:groups": #"["admin","ops"]"#,
            ]
        )

        let rest = try event(
            json: """
                {"resource":"/","path":"/","httpMethod":"GET","requestContext":{"authorizer":{
                 "claims":{"custom:role":"admin","custom:client_id":"CL001XYZ","auth_time":1683085806,"email_verified":false}}}}
                """
        )
        #expect(
            rest.claims == [
                "custom:role": "admin", "custom:client_id": "CL001XYZ", "auth_time": "1683085806",
                "email_verified": "false",
            ]
        )
    }

    @Test func lambdaContextFallbackSkipsNonScalars() throws {
        let event = try event(
            json: """
                {"version":"2.0","rawPath":"/","requestContext":{"accountId":"1","apiId":"a","requestId":"r","stage":"s",
                 "http":{"method":"GET","path":"/","protocol":"HTTP/1.1","sourceIp":"127.0.0.1"},
                 "authorizer":{"lambda":{"role":"client","client_id":"CL001XYZ","level":3,"nested":{"a":1}}}}}
                """
        )
        #expect(event.claims == ["role": "client", "client_id": "CL001XYZ", "level": "3"])
    }
}
