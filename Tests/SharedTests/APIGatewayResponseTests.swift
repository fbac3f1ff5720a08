import AWSEvents
import Foundation
import Shared
import Testing
import WireFormat

@Suite("Proxy integration responses")
struct APIGatewayResponseTests {
    @Test func restResponseWritesOnlyWhatIsSet() throws {
        let minimal = APIGatewayResponse(statusCode: 204)
        #expect(JSON.string(minimal) == #"{"statusCode":204}"#)

        let full = APIGatewayResponse(
            statusCode: 200,
            headers: ["Content-Type": "application/json"],
            body: "{}",
            isBase64Encoded: false
        )
        #expect(
            JSON.string(full)
                == #"{"body":"{}","headers":{"Content-Type":"application/json"},"isBase64Encoded":false,"statusCode":200}"#
        )
    }

    @Test func httpResponseWritesCookiesWhenSet() throws {
        var response = APIGatewayV2Response(statusCode: 201, body: "created")
        #expect(JSON.string(response) == #"{"body":"created","statusCode":201}"#)
        response.cookies = ["a=1"]
        #expect(JSON.string(response) == #"{"body":"created","cookies":["a=1"],"statusCode":201}"#)
    }

    @Test func responseReadsBack() throws {
        let data = Data(#"{"statusCode":404,"headers":{"X":"1"},"multiValueHeaders":{"Y":["a","b"]},"body":"no"}"#.utf8)
        let response = try JSON.decode(APIGatewayResponse.self, from: data)
        #expect(response.statusCode == 404)
        #expect(response.multiValueHeaders?["Y"] == ["a", "b"])
        #expect(response.isBase64Encoded == nil)
    }
}
