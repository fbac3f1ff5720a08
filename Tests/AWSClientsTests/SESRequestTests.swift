import AWSClients
import Foundation
import Shared
import Signing
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Query API requests `SESMailSender` builds, answered by a transport in the test.
@Suite("SES client requests")
struct SESRequestTests {
    static let aws = AWSConfiguration(
        region: "eu-west-1",
        credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret")
    )

    static func answer(_ action: String) -> AWSResponse {
        AWSResponse(
            status: 200,
            headers: [:],
            body: Data(
                """
                <\(action)Response xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><\(action)Result>\
                <MessageId>0102-abc</MessageId></\(action)Result></\(action)Response>
                """.utf8
            )
        )
    }

    /// The form parameters of a sent request, decoded.
    static func parameters(_ request: URLRequest?) throws -> [String: String] {
        let body = String(decoding: try #require(request?.httpBody), as: UTF8.self)
        return Dictionary(
            uniqueKeysWithValues: try body.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                    $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
                }
                return (try #require(parts.first ?? nil), try #require(parts.last ?? nil))
            }
        )
    }

    static let message = SendEmailRequest(
        from: "noreply@testex-dev.com",
        to: ["contact@client.com"],
        subject: "Contract CT001ABC",
        textBody: "Dear client",
        tags: ["notification_id": "NT000000000001"]
    )

    @Test func everyMessageNamesTheConfigurationSet() async throws {
        let transport = CannedTransport([Self.answer("SendEmail"), Self.answer("SendRawEmail")])
        let mail = SESMailSender(
            configuration: Self.aws,
            transport: transport,
            configurationSet: "production-testex-email"
        )
        #expect(try await mail.sendEmail(Self.message) == "0102-abc")
        _ = try await mail.sendRawEmail(
            from: nil,
            destinations: ["contact@client.com"],
            rawMessage: Data("Subject: x\r\n\r\nbody".utf8)
        )

        let sent = try Self.parameters(transport.requests.first)
        #expect(sent["Action"] == "SendEmail")
        #expect(sent["ConfigurationSetName"] == "production-testex-email")
        #expect(sent["Source"] == "noreply@testex-dev.com")
        #expect(sent["Destination.ToAddresses.member.1"] == "contact@client.com")
        #expect(sent["Tags.member.1.Name"] == "notification_id" && sent["Tags.member.1.Value"] == "NT000000000001")
        #expect(transport.requests.first?.url?.absoluteString == "https://email.eu-west-1.amazonaws.com/")
        let raw = try Self.parameters(transport.requests.last)
        #expect(raw["Action"] == "SendRawEmail" && raw["ConfigurationSetName"] == "production-testex-email")
    }

    @Test func withoutAConfigurationSetNoneIsNamed() async throws {
        for name in [nil, ""] {
            let transport = CannedTransport([Self.answer("SendEmail")])
            _ = try await SESMailSender(configuration: Self.aws, transport: transport, configurationSet: name)
                .sendEmail(Self.message)
            #expect(try Self.parameters(transport.requests.first)["ConfigurationSetName"] == nil)
        }
    }

}
