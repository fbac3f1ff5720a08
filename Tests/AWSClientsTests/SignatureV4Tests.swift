import Foundation
import Shared
import Testing
import WireFormat

@testable import Signing

/// The signer against AWS's published Signature Version 4 test vectors (Fixtures/sigv4).
@Suite("Signature Version 4")
struct SignatureV4Tests {
    static let cases: [String] = {
        let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/sigv4")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }()

    @Test func theVectorsAreThere() {
        #expect(Self.cases.count >= 15)
        #expect(Self.cases.contains("get-vanilla") && Self.cases.contains("post-x-www-form-urlencoded"))
    }

    @Test(arguments: cases)
    func signsAsThePublishedVectorSays(name: String) throws {
        let vector = try SigV4Vector(name: name)
        let signer = SignatureV4(
            credentials: vector.credentials,
            region: vector.region,
            service: vector.service,
            normalizesPath: vector.normalize
        )
        let signature = signer.sign(vector.request, host: nil, date: vector.date, signingPayload: vector.signBody)
        #expect(signature.canonicalRequest == vector.canonicalRequest)
        #expect(signature.stringToSign == vector.stringToSign)
        #expect(signature.signature == vector.signature)
        #expect(
            signature.authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="
            )
        )
        #expect(signature.headers.contains { $0.name == "Authorization" && $0.value == signature.authorization })
    }

    @Test func theHostIsAddedAndSignedWhenTheRequestHasNone() {
        let signer = SignatureV4(
            credentials: AWSCredentials(
                accessKeyId: "AKIDEXAMPLE",
                secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
            ),
            region: "us-east-1",
            service: "service"
        )
        let signature = signer.sign(
            AWSRequest(method: "GET"),
            host: "example.amazonaws.com",
            date: Date(timeIntervalSince1970: 1_440_938_160)
        )
        #expect(signature.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func s3SignsThePathAsSentAndEveryOtherServiceNormalizesIt() {
        let credentials = AWSCredentials(accessKeyId: "a", secretAccessKey: "b")
        #expect(
            SignatureV4(credentials: credentials, region: "us-east-1", service: "s3").canonicalURI("/bucket/a/../b c")
                == "/bucket/a/../b%20c"
        )
        #expect(
            SignatureV4(credentials: credentials, region: "us-east-1", service: "dynamodb").canonicalURI("/a/../b c")
                == "/b%20c"
        )
    }

    @Test func encodingKeepsOnlyUnreservedCharacters() {
        #expect(URIEncoding.encode("a b+c/d~é") == "a%20b%2Bc%2Fd~%C3%A9")
        #expect(URIEncoding.encode("a b/c", keepingSlash: true) == "a%20b/c")
        #expect(URIEncoding.decode("a+b%2Bc%C3%A9", plusAsSpace: true) == "a b+cé")
        #expect(URIEncoding.formEncode("a b+c~") == "a+b%2Bc~")
        #expect(URIEncoding.decode("%FF") == nil)
        #expect(URIEncoding.decode("%4") == nil)
    }
}

/// One case of the suite: `request.txt`, `context.json` and the expected `header-*.txt` files.
struct SigV4Vector {
    let request: AWSRequest
    let credentials: AWSCredentials
    let region: String
    let service: String
    let date: Date
    let signBody: Bool
    let normalize: Bool
    let canonicalRequest: String
    let stringToSign: String
    let signature: String

    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id: String
            let secret_access_key: String
            let token: String?
        }
        let credentials: Credentials
        let region: String
        let service: String
        let sign_body: Bool
        let timestamp: String
        let normalize: Bool
    }

    init(name: String) throws {
        let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/sigv4/\(name)")
        func text(_ file: String) throws -> String {
            String(decoding: try Data(contentsOf: directory.appendingPathComponent(file)), as: UTF8.self)
        }
        let context = try JSONDecoder().decode(Context.self, from: Data(try text("context.json").utf8))
        request = try Self.parse(try text("request.txt"))
        credentials = AWSCredentials(
            accessKeyId: context.credentials.access_key_id,
            secretAccessKey: context.credentials.secret_access_key,
            sessionToken: context.credentials.token
        )
        region = context.region
        service = context.service
        date = try #require(Timestamp.parse(context.timestamp))
        signBody = context.sign_body
        normalize = context.normalize
        canonicalRequest = try text("header-canonical-request.txt")
        stringToSign = try text("header-string-to-sign.txt")
        signature = try text("header-signature.txt").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `METHOD target HTTP/1.1`, header lines (indented lines continue the previous value), a blank line, the body.
    static func parse(_ text: String) throws -> AWSRequest {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = String(requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
        let path = String(target.prefix { $0 != "?" })
        let query: [(name: String, value: String)] = target.dropFirst(path.count + 1).split(separator: "&").map {
            pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                URIEncoding.decode(String($0)) ?? String($0)
            }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        var headers: [(name: String, value: String)] = []
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let body = lines.isEmpty ? "" : lines.dropFirst().joined(separator: "\n")
        return AWSRequest(method: method, path: path, query: query, headers: headers, body: Data(body.utf8))
    }
}
