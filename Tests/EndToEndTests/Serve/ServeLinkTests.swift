import Foundation
import Shared
import TestSupport
import Testing
import WireFormat

/// Presigned links while `serve` runs: minted for its address, served by it with the checks
/// of `s3 get-url` and `s3 put-url`, and refused as S3 refuses them.
@Suite("serve and presigned links", .serialized)
struct ServeLinkTests {
    static func json(_ data: Data) throws -> JSONValue { try JSON.decode(JSONValue.self, from: data) }

    @Test func anUploadLinkAndADownloadLinkWorkThroughServeWithPlainHTTP() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let serve = try await ServeProcess.start(harness, arguments: ["--quiet"])
        defer { serve.stop() }
        let token = await harness.run("token", "--as", "admin").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let auth = ["-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json"]
        let minted = try await Curl.run(
            ["-X", "POST", serve.base + "/api/contracts/CT001ABC/files/upload-url"] + auth,
            body: Data(#"{"filename":"signed.pdf","content_type":"application/pdf"}"#.utf8)
        )
        #expect(minted.status == 200)
        let upload = try Self.json(minted.body)
        let url = try #require(upload["url"]?.stringValue)
        let fileId = try #require(upload["file_id"]?.stringValue)
        #expect(
            url.hasPrefix(
                serve.base + "/development-testex-files/contracts/CT001ABC/\(fileId)/signed.pdf?X-Amz-Algorithm="
            )
        )

        let document = Data("%PDF-1.4\n% signed through a link\n".utf8)
        let put = try await Curl.run(["-X", "PUT", url, "-H", "Content-Type: application/pdf"], body: document)
        #expect(put.status == 200)
        let again = try await Curl.run(["-X", "PUT", url, "-H", "Content-Type: application/pdf"], body: document)
        #expect(again.status == 409, "a link serves one upload: \(String(decoding: again.body, as: UTF8.self))")

        let linked = try await Curl.run([serve.base + "/api/contracts/CT001ABC/files/\(fileId)?presign=true"] + auth)
        let download = try #require(try Self.json(linked.body)["url"]?.stringValue)
        #expect(download.hasPrefix(serve.base + "/"))
        let got = try await Curl.run([download])
        #expect(got.status == 200 && got.body == document)
        let cli = await harness.run("s3", "get-url", download)
        #expect(cli.code == 0 && cli.stdout.hasPrefix("%PDF-1.4"), "s3 get-url takes a link of serve: \(cli.stderr)")

        let tampered = try await Curl.run([download.replacingOccurrences(of: "signed.pdf", with: "other.pdf")])
        #expect(
            tampered.status == 403
                && String(decoding: tampered.body, as: UTF8.self).contains("<Code>SignatureDoesNotMatch</Code>")
        )
        let wrongMethod = try await Curl.run(["-X", "PUT", download], body: document)
        #expect(
            wrongMethod.status == 403 && String(decoding: wrongMethod.body, as: UTF8.self).contains("allows GET only")
        )
        let otherHost = try await Curl.run([download.replacingOccurrences(of: "127.0.0.1", with: "localhost")])
        #expect(otherHost.status == 403, "the host is signed")
        let notALink = try await Curl.run([serve.base + "/development-testex-files/x?X-Amz-Signature=zz"])
        #expect(notALink.status == 400)
    }

    @Test func anExpiredLinkIsRefusedWithAccessDenied() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let first = try await ServeProcess.start(harness, arguments: ["--quiet"])
        let token = await harness.run("token", "--as", "admin").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let linked = try await Curl.run([
            first.base + "/api/contracts/CT002DEF/files/FLSAMPLE0001?presign=true&expires_in=60",
            "-H", "Authorization: Bearer \(token)",
        ])
        let link = try #require(try Self.json(linked.body)["url"]?.stringValue)
        #expect(first.stop() == 0)
        // The same address an hour later.
        harness.environment["TESTEX_NOW"] = "2026-11-22T11:00:00Z"
        let later = try await ServeProcess.start(harness, arguments: ["--quiet", "--port", String(first.port)])
        defer { later.stop() }
        let expired = try await Curl.run([link])
        #expect(
            expired.status == 403
                && String(decoding: expired.body, as: UTF8.self).contains("expired at 2026-11-22T10:01:00.000Z")
        )
    }
}
