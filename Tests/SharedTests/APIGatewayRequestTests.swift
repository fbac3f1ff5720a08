import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing

@Suite("REST API (v1) proxy events")
struct APIGatewayRequestTests {
    private func request(_ name: String) throws -> APIGatewayRequest {
        try EventFixture.named(name, in: "apigw-v1").decode(APIGatewayRequest.self)
    }

    @Test func lambdaAuthorizerContextKeepsPrincipalAndRawValues() throws {
        let request = try request("aws-lambda-go__apigw-request")
        #expect(request.httpMethod == "POST")
        #expect(request.path == "/hello/world")
        #expect(request.resource == "/{proxy+}")
        #expect(request.pathParameters == ["proxy": "hello/world"])
        #expect(request.stageVariables == ["stageVariableName": "stageVariableValue"])
        #expect(request.body == "{\r\n\t\"a\": 1\r\n}")
        #expect(request.isBase64Encoded == false)
        #expect(request.requestContext.requestId == "deef4878-7910-11e6-8f14-25afc3e9ae33")
        #expect(request.requestContext.identity?.sourceIp == "192.168.196.186")
        #expect(request.requestContext.identity?.userAgent == "PostmanRuntime/2.4.5")
        let authorizer = try #require(request.requestContext.authorizer)
        #expect(authorizer.principalId == "admin")
        #expect(authorizer["clientId"] == .number(1))
        #expect(authorizer["clientName"] == "Exata")
        #expect(authorizer.claims.isEmpty)
    }

    @Test func cognitoClaimsMixedWithOtherAuthorizerValuesAreText() throws {
        let request = try request("aws-lambda-dotnet__values-get-customauthorizer-apigateway-request")
        let authorizer = try #require(request.requestContext.authorizer)
        #expect(authorizer.claims == ["sub": "test-id"])
        #expect(authorizer["numKey"] == .number(9))
        #expect(authorizer["boolKey"] == .bool(true))
        #expect(authorizer["stringKey"] == "Hey there I'm a string!")
        #expect(authorizer.principalId == nil)
    }

    @Test func cognitoUserPoolClaimsAreRead() throws {
        let request = try request("swift-aws-lambda-events__APIGatewayTests.exampleGetEventBodyWithAuthorizer")
        let claims = try #require(request.requestContext.authorizer).claims
        #expect(claims["sub"] == "2592124a-27bf-4e30-b95f-2f21c862fc82")
        #expect(claims["username"] == "richwolf")
        #expect(claims["exp"] == "Thu May 04 03:50:06 UTC 2023")
        #expect(claims.count == 12)
    }

    @Test func nullClaimsReadAsNone() throws {
        let request = try request("powertools-lambda-python__apiGatewayProxyEvent")
        let authorizer = try #require(request.requestContext.authorizer)
        #expect(authorizer.claims.isEmpty)
        #expect(authorizer["claims"] == .null)
    }

    @Test func nullCollectionsReadAsEmpty() throws {
        let request = try request("aws-lambda-rust-runtime__example-apigw-console-test-request")
        #expect(request.headers.isEmpty)
        #expect(request.multiValueHeaders.isEmpty)
        #expect(request.queryStringParameters.isEmpty)
        #expect(request.multiValueQueryStringParameters.isEmpty)
        #expect(request.pathParameters.isEmpty)
        #expect(request.stageVariables.isEmpty)
        #expect(request.requestContext.stage == "test-invoke-stage")
    }

    @Test func absentCollectionsAndFlagReadAsEmptyAndFalse() throws {
        let request = try request("swift-aws-lambda-events__APIGatewayTests.postEventBodyNilHeaders")
        #expect(request.headers.isEmpty)
        #expect(request.multiValueHeaders["Content-Type"] == ["application/json"])
        #expect(request.queryStringParameters.isEmpty)
        #expect(request.pathParameters.isEmpty)
        #expect(request.body == #"{"title":"a todo"}"#)

        let noHost = try self.request("aws-lambda-rust-runtime__apigw_no_host")
        #expect(noHost.isBase64Encoded == false)
        #expect(noHost.body == nil)
        #expect(noHost.requestContext.identity?.caller == "")
    }

    @Test func partialContextDecodes() throws {
        let request = try request("powertools-lambda-python__apiGatewayProxyEventPrincipalId")
        #expect(request.headers.isEmpty)
        #expect(request.requestContext.requestId == "34972478-2843-4ced-a657-253108738274")
        #expect(request.requestContext.accountId == nil)
        #expect(request.requestContext.identity == nil)
        let authorizer = try #require(request.requestContext.authorizer)
        #expect(authorizer.principalId == "fake")
        #expect(authorizer["user_id"] == "fake_username")
        #expect(authorizer["integrationLatency"] == .number(451))
    }

    @Test func contextPathKeepsTheStageWhileThePathDoesNot() throws {
        let request = try request("aws-sam-cli__AwsProxy")
        #expect(request.path == "/path/to/resource")
        #expect(request.requestContext.path == "/prod/path/to/resource")
        #expect(request.requestContext.stage == "prod")
    }

    @Test func missingDomainNameIsNil() throws {
        let request = try request("swift-aws-lambda-events__APIGatewayTests.exampleGetEventBodyWithoutDomainName")
        #expect(request.requestContext.domainName == nil)
        #expect(request.requestContext.apiId == "1234567890")
    }

    @Test func repeatedQueryValuesAreKept() throws {
        let request = try request("aws-lambda-rust-runtime__apigw_multi_value_proxy_request")
        #expect(request.queryStringParameters["multiValueName"] == "me")
        #expect(request.multiValueQueryStringParameters["multiValueName"] == ["you", "me"])
    }
}
