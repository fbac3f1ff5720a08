import Foundation
import Shared
import Testing

@Suite("Webhook signatures: HMAC-SHA256 over the time and the body")
struct WebhookSignatureTests {
    let secret = "whsec_test_secret_0123456789"
    let body = Data(#"{"id":"evt_1"}"#.utf8)
    let time = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func theSignatureIsTheHMACOfTheTimeAndTheBodyAsPythonComputesIt() {
        // python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test_secret_0123456789",
        //     b"1700000000.{\"id\":\"evt_1\"}", hashlib.sha256).hexdigest())'
        let expected = "7e9a82a20098cf01f04d9c09f5a7459669bfecf51392ce3adb1445906fceff61"
        #expect(
            WebhookSignature.header(secret: secret, timestamp: 1_700_000_000, body: body)
                == "t=1700000000,v1=\(expected)"
        )
    }

    @Test func aReceiverAcceptsTheRequestAsSigned() {
        let header = WebhookSignature.header(secret: secret, timestamp: 1_700_000_000, body: body)
        #expect(
            WebhookSignature.verify(header: header, body: body, secret: secret, now: time.addingTimeInterval(299))
                == .valid
        )
    }

    @Test func anAlteredBodyAWrongSecretOrAnOldSignatureIsRefused() {
        let header = WebhookSignature.header(secret: secret, timestamp: 1_700_000_000, body: body)
        #expect(
            WebhookSignature.verify(header: header, body: Data(#"{"id":"evt_2"}"#.utf8), secret: secret, now: time)
                == .mismatch
        )
        #expect(WebhookSignature.verify(header: header, body: body, secret: secret + "x", now: time) == .mismatch)
        #expect(
            WebhookSignature.verify(header: header, body: body, secret: secret, now: time.addingTimeInterval(301))
                == .outsideTolerance
        )
        #expect(
            WebhookSignature.verify(header: header, body: body, secret: secret, now: time.addingTimeInterval(-301))
                == .outsideTolerance
        )
    }

    @Test(arguments: ["", "v1=abc", "t=1700000000", "t=now,v1=00", "garbage", "t=1700000000,v1=zz"])
    func aMalformedHeaderIsRefused(_ header: String) {
        #expect(WebhookSignature.verify(header: header, body: body, secret: secret, now: time) == .malformed)
    }

    @Test func anotherSchemeBesideV1IsIgnoredAndAnyMatchingV1Counts() {
        let valid = WebhookSignature.signature(secret: secret, timestamp: 1_700_000_000, body: body)
        let header = "t=1700000000,v0=deadbeef,v1=\(String(repeating: "0", count: 64)),v1=\(valid)"
        #expect(WebhookSignature.verify(header: header, body: body, secret: secret, now: time) == .valid)
    }

    @Test func newSecretsAreRandomAndLongEnough() {
        let first = WebhookSignature.newSecret()
        #expect(first.hasPrefix("whsec_") && first.count == 6 + 43)
        #expect(first != WebhookSignature.newSecret())
    }
}
