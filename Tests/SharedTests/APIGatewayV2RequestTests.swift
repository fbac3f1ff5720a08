import AWSEvents
import Foundation
import Shared
import TestSupport
import Testing

@Suite("HTTP API (v2) proxy events")
struct APIGatewayV2RequestTests {
    private func request(_ name: String) throws -> APIGatewayV2Request {
        try EventFixture.named(name, in: "apigw-v2").decode(APIGatewayV2Request.self)
    }

    @Test func jwtAuthorizerClaimsAndScopesAreRead() throws {
        let request = try request("aws-lambda-go__apigw-v2-request-jwt-authorizer")
        #expect(request.version == "2.0")
        #expect(request.rawPath == "/my/path")
        #expect(request.rawQueryString == "parameter1=value1&parameter1=value2&parameter2=value")
        #expect(request.cookies == ["cookie1", "cookie2"])
        #expect(request.requestContext.http.method == "GET")
        #expect(request.requestContext.http.sourceIp == "IP")
        #expect(request.requestContext.requestId == "id")
        #expect(request.requestContext.timeEpoch == 1_583_348_638_390)
        let jwt = try #require(request.requestContext.authorizer?.jwt)
        #expect(jwt.claims == ["claim1": "value1", "claim2": "value2"])
        #expect(jwt.scopes == ["scope1", "scope2"])
    }

    @Test func lambdaAndIAMAuthorizersAreFreeForm() throws {
        let lambda = try request("aws-lambda-go__apigw-v2-request-lambda-authorizer")
        #expect(lambda.requestContext.authorizer?.lambda == ["key": "value"])
        #expect(lambda.requestContext.authorizer?.jwt == nil)

        let iam = try request("aws-lambda-go__apigw-v2-request-iam")
        let caller = try #require(iam.requestContext.authorizer?.iam)
        #expect(caller["userArn"] == "arn:aws:iam::1234567890:user/Admin")
        #expect(caller["cognitoIdentity"] != nil)

        let iamOnly = try request("swift-aws-lambda-events__APIGateway+V2IAMTests.getEventWithIAM")
        #expect(iamOnly.requestContext.authorizer?.iam?["cognitoIdentity"] == .null)
    }

    @Test func absentOptionalMembersReadAsEmpty() throws {
        let request = try request("aws-lambda-go__apigw-v2-request-no-authorizer")
        #expect(request.cookies.isEmpty)
        #expect(request.queryStringParameters.isEmpty)
        #expect(request.pathParameters.isEmpty)
        #expect(request.stageVariables.isEmpty)
        #expect(request.body == nil)
        #expect(request.rawQueryString == "")
        #expect(request.requestContext.authorizer == nil)
        #expect(request.headers["user-agent"] == "curl/7.58.0")
    }

    @Test func samLocalShapeDecodes() throws {
        let request = try request("aws-lambda-rust-runtime__example-apigw-sam-http-request")
        #expect(request.body == "")
        #expect(request.cookies.isEmpty)
        #expect(request.routeKey == "GET /dump")
        #expect(request.rawPath == "/dump")
        #expect(request.queryStringParameters == ["foo": "bar"])
    }

    @Test func contextWithoutRouteKeyDecodes() throws {
        let request = try request("swift-aws-lambda-events__APIGateway+V2Tests.exampleGetEventBody")
        #expect(request.routeKey == "GET /hello")
        #expect(request.requestContext.routeKey == nil)
        #expect(request.headers["authorization"] == "Bearer abc123")
    }

    @Test func rawPathAndContextPathMayDiffer() throws {
        let request = try request("swift-aws-lambda-events__APIGateway+V2IAMTests.getEventWithIAMAndCognito")
        #expect(request.rawPath == "/hello")
        #expect(request.requestContext.http.path == "/liveness")
    }
}
