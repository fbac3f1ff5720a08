import Foundation
import Shared
import Testing
import WireFormat

@testable import LocalAWS

@Suite("Presigned links")
struct LocalURLPresignerTests {
    static let presigner = LocalURLPresigner(secret: Data(repeating: 3, count: 32))
    static let now = Timestamp.parse("2026-11-22T10:00:00Z")!

    static func link(
        method: String = "GET",
        key: String = "contracts/CT001ABC/FL0000000001/signed contract.pdf",
        expiresIn: Int = 900,
        metadata: [String: String] = [:]
    ) throws -> String {
        try presigner.presign(
            PresignRequest(
                method: method,
                bucket: "development-testex-files",
                key: key,
                date: now,
                expiresIn: expiresIn,
                metadata: metadata
            )
        ).url
    }

    @Test func theSignatureIsAWSsOwnForItsDocumentedExample() throws {
        // AWS S3 documentation, "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)".
        let date = try #require(SigV4Date(parsing: "20130524T000000Z"))
        let query = [
            "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
            "X-Amz-Credential": "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
            "X-Amz-Date": "20130524T000000Z", "X-Amz-Expires": "86400", "X-Amz-SignedHeaders": "host",
        ]
        let signature = LocalURLPresigner.signature(
            method: "GET",
            path: "/test.txt",
            query: query,
            host: "examplebucket.s3.amazonaws.com",
            secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            date: date,
            region: "us-east-1"
        )
        #expect(signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func aLinkCarriesS3sQueryParametersAndGrantsItsObject() throws {
        let url = try Self.link(metadata: ["file-id": "FL0000000001"])
        #expect(
            url.hasPrefix(
                "https://s3.localhost/development-testex-files/contracts/CT001ABC/FL0000000001/signed%20contract.pdf?"
            )
        )
        for name in [
            "X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Credential=", "X-Amz-Date=20261122T100000Z", "X-Amz-Expires=900",
            "X-Amz-SignedHeaders=host", "x-amz-meta-file-id=FL0000000001", "X-Amz-Signature=",
        ] {
            #expect(url.contains(name), "\(name)")
        }
        let object = try Self.presigner.verify(url, method: "GET", now: Self.now.addingTimeInterval(899))
        #expect(object.bucket == "development-testex-files")
        #expect(object.key == "contracts/CT001ABC/FL0000000001/signed contract.pdf")
        #expect(object.metadata == ["file-id": "FL0000000001"])
    }

    @Test func aLinkExpiresAndIsNotValidBeforeItsDate() throws {
        let url = try Self.link()
        #expect(throws: PresignedURLError.expired("2026-11-22T10:15:00.000Z")) {
            try Self.presigner.verify(url, method: "GET", now: Self.now.addingTimeInterval(900))
        }
        #expect(throws: PresignedURLError.notYetValid("2026-11-22T10:00:00.000Z")) {
            try Self.presigner.verify(url, method: "GET", now: Self.now.addingTimeInterval(-61))
        }
    }

    @Test func aLinkIsForItsMethodOnly() throws {
        #expect(throws: PresignedURLError.wrongMethod(allowed: "GET")) {
            try Self.presigner.verify(try Self.link(), method: "PUT", now: Self.now)
        }
        #expect(throws: PresignedURLError.wrongMethod(allowed: "PUT")) {
            try Self.presigner.verify(try Self.link(method: "PUT"), method: "GET", now: Self.now)
        }
    }

    /// Every way of changing a link: path, each parameter's value, parameters added or removed.
    static func alterations(of url: String) -> [(String, String)] {
        let (base, query) = (String(url.prefix { $0 != "?" }), String(url.drop { $0 != "?" }.dropFirst()))
        var result = [
            ("other key", url.replacingOccurrences(of: "FL0000000001", with: "FL0000000002")),
            (
                "other bucket",
                url.replacingOccurrences(of: "development-testex-files", with: "development-testex-backups")
            ),
            ("path suffix", base + "x?" + query),
            ("added parameter", url + "&x-id=GetObject"),
            ("traversal", url.replacingOccurrences(of: "CT001ABC/", with: "CT001ABC/../")),
        ]
        let pairs = query.split(separator: "&").map(String.init)
        for (index, pair) in pairs.enumerated() {
            var changed = pairs
            let value = pair.drop { $0 != "=" }.dropFirst()
            let flipped = value.isEmpty ? "x" : String(value.dropLast()) + (value.last == "1" ? "2" : "1")
            changed[index] = String(pair.prefix { $0 != "=" }) + "=" + flipped
            result.append(("changed \(pair.prefix { $0 != "=" })", base + "?" + changed.joined(separator: "&")))
            var removed = pairs
            removed.remove(at: index)
            result.append(("removed \(pair.prefix { $0 != "=" })", base + "?" + removed.joined(separator: "&")))
        }
        return result
    }

    @Test func anyAlterationVoidsTheLink() throws {
        let url = try Self.link(
            method: "PUT",
            key: "contracts/CT001ABC/FL0000000001/a.pdf",
            metadata: ["file-id": "FL0000000001", "content-type": "application/pdf"]
        )
        let alterations = Self.alterations(of: url)
        #expect(alterations.count >= 20)
        for (name, altered) in alterations {
            #expect(throws: PresignedURLError.self, "\(name)") {
                try Self.presigner.verify(altered, method: "PUT", now: Self.now)
            }
        }
    }

    @Test func aSignatureMovedToAnotherObjectsLinkIsRefused() throws {
        let first = try Self.link(key: "contracts/CT001ABC/FL0000000001/a.pdf")
        let second = try Self.link(key: "contracts/CT003GHI/FL0000000009/b.pdf")
        let signature = first.split(separator: "&").last!
        let crossed = second.split(separator: "&").dropLast().joined(separator: "&") + "&" + signature
        #expect(throws: PresignedURLError.signatureMismatch) {
            try Self.presigner.verify(crossed, method: "GET", now: Self.now)
        }
    }

    @Test(arguments: [
        "development-testex-files%2Fcontracts/", "development-testex-files/contracts%2F",
        "development-testex-files/contracts%2f",
    ])
    func aSlashSpelledAsPercent2FIsAnAlteredLink(_ spelling: String) throws {
        let link = try Self.link(key: "contracts/CT001ABC/FL0000000001/a.pdf")
        let respelled = link.replacingOccurrences(of: "development-testex-files/contracts/", with: spelling)
        #expect(respelled != link)
        #expect(throws: PresignedURLError.signatureMismatch) {
            try Self.presigner.verify(respelled, method: "PUT", now: Self.now)
        }
    }

    @Test func anotherStatesLinkIsRefused() throws {
        let url = try LocalURLPresigner(secret: Data(repeating: 4, count: 32)).presign(
            PresignRequest(
                method: "GET",
                bucket: "development-testex-files",
                key: "a.txt",
                date: Self.now,
                expiresIn: 60
            )
        ).url
        #expect(throws: PresignedURLError.signatureMismatch) {
            try Self.presigner.verify(url, method: "GET", now: Self.now)
        }
    }

    @Test(arguments: [
        "", "s3://bucket/key", "http://s3.localhost/b/k?X-Amz-Signature=00", "https://s3.localhost/bucket-only",
        "https://s3.localhost/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Algorithm=AWS4-HMAC-SHA256",
        "https://s3.localhost/b/k?noequals", "https://s3.localhost/b/k?a=%ZZ", "https://s3.localhost/b/k?a=b#frag",
        "https://s3.localhost/b/k?a=b c",
    ])
    func malformedLinksAreRefused(_ link: String) {
        #expect(throws: PresignedURLError.self) { try Self.presigner.verify(link, method: "GET", now: Self.now) }
    }

    @Test func linksLastOneSecondToSevenDays() {
        #expect(throws: PresignedURLError.self) { try Self.link(expiresIn: 0) }
        #expect(throws: PresignedURLError.self) { try Self.link(expiresIn: 604_801) }
        #expect(throws: (any Error).self) { try Self.link(key: "") }
    }
}
