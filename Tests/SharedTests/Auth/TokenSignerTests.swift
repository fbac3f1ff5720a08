import Cryptography
import Foundation
import Shared
import Testing

@Suite("Bearer tokens")
struct TokenSignerTests {
    static let key = Data(repeating: 7, count: 32)
    static let signer = TokenSigner(key: key)
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func part(_ json: String) -> String { Base64URL.encode(Data(json.utf8)) }

    @Test func anIssuedTokenVerifiesWithItsClaims() throws {
        let token = Self.signer.issue(subject: "client-cl001xyz", role: "client", clientId: "CL001XYZ", now: Self.now)
        let claims = try Self.signer.verify(token, now: Self.now)
        #expect(claims.subject == "client-cl001xyz" && claims.role == "client" && claims.clientId == "CL001XYZ")
        #expect(claims.expiresAt - claims.issuedAt == 3600)
        #expect(
            claims.authorizerClaims == [
                "sub": "client-cl001xyz", "role": "client", "client_id": "CL001XYZ",
                "iat": "1795000000", "exp": "1795003600",
            ]
        )
    }

    @Test func expiryAllowsSixtySecondsOfSkewAndNoMore() throws {
        let token = Self.signer.issue(subject: "admin", role: "admin", clientId: nil, now: Self.now)
        _ = try Self.signer.verify(token, now: Self.now.addingTimeInterval(3600 + 60))
        #expect(throws: TokenError.expired) {
            try Self.signer.verify(token, now: Self.now.addingTimeInterval(3600 + 61))
        }
    }

    @Test func aTokenFromTheFutureIsNotValidYet() throws {
        let token = Self.signer.issue(
            subject: "admin",
            role: "admin",
            clientId: nil,
            now: Self.now.addingTimeInterval(61)
        )
        #expect(throws: TokenError.notYetValid) { try Self.signer.verify(token, now: Self.now) }
        let early = Self.signer.sign(
            TokenClaims(
                subject: "a",
                role: "admin",
                issuedAt: 1_795_000_000,
                expiresAt: 1_795_003_600,
                notBefore: 1_795_000_100
            )
        )
        #expect(throws: TokenError.notYetValid) { try Self.signer.verify(early, now: Self.now) }
        _ = try Self.signer.verify(early, now: Self.now.addingTimeInterval(40))
    }

    @Test func anotherKeysSignatureIsRefused() {
        let token = TokenSigner(key: Data(repeating: 8, count: 32)).issue(
            subject: "admin",
            role: "admin",
            clientId: nil,
            now: Self.now
        )
        #expect(throws: TokenError.signature) { try Self.signer.verify(token, now: Self.now) }
    }

    @Test func anyChangeToTheClaimsVoidsTheSignature() throws {
        let token = Self.signer.issue(subject: "client-a", role: "client", clientId: "CL001XYZ", now: Self.now)
        let parts = token.split(separator: ".").map(String.init)
        let forged = Self.part(#"{"sub":"client-a","role":"admin","iat":1795000000,"exp":1795003600}"#)
        #expect(throws: TokenError.signature) {
            try Self.signer.verify("\(parts[0]).\(forged).\(parts[2])", now: Self.now)
        }
    }

    @Test(arguments: [
        #"{"alg":"none","typ":"JWT"}"#, #"{"alg":"None"}"#, #"{"alg":"HS512"}"#, #"{"alg":"RS256"}"#, #"{"typ":"JWT"}"#,
        #"{"alg":["HS256"]}"#,
    ])
    func onlyHS256IsAccepted(_ header: String) {
        let payload = Self.part(#"{"sub":"x","role":"admin","iat":1795000000,"exp":1795003600}"#)
        let signingInput = "\(Self.part(header)).\(payload)"
        let hmac = Base64URL.encode(HMAC.sha256(key: Self.key, data: Data(signingInput.utf8)))
        for token in ["\(signingInput).", "\(signingInput).\(hmac)"] {
            #expect(throws: TokenError.self) { try Self.signer.verify(token, now: Self.now) }
        }
    }

    @Test(arguments: ["", "abc", "a.b", "a.b.c.d", "..", "!!!.e30.x", "e30.e30.", String(repeating: "a", count: 9000)])
    func malformedTokensAreRefused(_ token: String) {
        #expect(throws: TokenError.self) { try Self.signer.verify(token, now: Self.now) }
    }

    @Test func claimsOfTheWrongShapeAreRefusedEvenWhenSigned() {
        for payload in [
            #"{"role":"admin","iat":1,"exp":1795003600}"#, #"{"sub":"x","role":"admin","iat":1}"#,
            #"{"sub":"x","role":"admin","iat":"1","exp":"2"}"#, #"{"sub":"","role":"admin","iat":1,"exp":1795003600}"#,
            #"{"sub":"x","role":"admin","iat":1,"exp":1e400}"#,
        ] {
            let input = "\(Self.part(#"{"alg":"HS256"}"#)).\(Self.part(payload))"
            let token = "\(input).\(Base64URL.encode(HMAC.sha256(key: Self.key, data: Data(input.utf8))))"
            #expect(throws: TokenError.self, "\(payload)") { try Self.signer.verify(token, now: Self.now) }
        }
    }

    @Test func base64URLRoundTripsWithoutPadding() {
        for length in 0..<40 {
            let data = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 250) })
            let text = Base64URL.encode(data)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text) == data)
        }
        #expect(Base64URL.decode("a") == nil)
        #expect(Base64URL.decode("ab+c") == nil)
    }
}
