import AWSEvents
import Foundation
import LocalHarness
import Shared
import Testing
import WireFormat

@Suite("CORS")
struct CORSTests {
    @Test func everyAnswerAllowsTheHeadersTheAPITakesFromTheConfiguredOrigin() async throws {
        var configuration = try Configuration(variables: ["ALLOWED_ORIGIN": "https://app.testex.com"])
        configuration.timeoutScale = 20
        let system = LocalSystem.memory(configuration: configuration, clock: .constant(TestSystem.now))
        try await system.initialize()
        let event: JSONValue = [
            "resource": "/{proxy+}", "path": "/api/contracts/CT001ABC", "httpMethod": "OPTIONS", "headers": [:],
            "requestContext": ["requestId": "r", "stage": "test"], "body": .null, "isBase64Encoded": false,
        ]
        let answer = try await system.lambda.invoke(.apiGateway, event, as: APIGatewayResponse.self, parent: nil)
        #expect(answer.statusCode == 204)
        #expect(answer.headers?["Access-Control-Allow-Origin"] == "https://app.testex.com")
        #expect(answer.headers?["Vary"] == "Origin")
        let allowed = answer.headers?["Access-Control-Allow-Headers"]?.split(separator: ",").map(String.init) ?? []
        for header in ["Authorization", "Content-Type", "Idempotency-Key", "If-Match"] {
            #expect(allowed.contains(header), "\(header)")
        }
        #expect(throws: ConfigurationError.self) {
            try Configuration(variables: ["ALLOWED_ORIGIN": "https://evil.com/path"])
        }
    }
}
