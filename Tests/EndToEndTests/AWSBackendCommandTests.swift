import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `--backend aws` across commands, each a new system as each command is a new process: a token
/// one command prints is honoured by the next, and the links the functions presign are S3's,
/// usable with curl and `s3 get-url`/`s3 put-url`. On a moto server of the suite's own, with
/// temporary credentials (a session token), as a function has them.
@Suite(
    "The aws backend across commands",
    .serialized,
    .enabled(if: MotoServer.isAvailable, "python3 with moto[server] is not installed")
)
struct AWSBackendCommandTests {
    /// A sample state on a freshly emptied moto, and the passwords `init` printed.
    func seeded() async throws -> (Harness, [String: String]) {
        let (endpoint, credentials) = try await MotoServer.commands.start()
        var reset = URLRequest(url: endpoint.appendingPathComponent("moto-api/reset"))
        reset.httpMethod = "POST"
        _ = try await URLSession.shared.data(for: reset)
        var harness = Harness(now: nil)
        harness.environment.merge([
            "TESTEX_BACKEND": "aws", "TESTEX_ENDPOINT": endpoint.absoluteString,
            "AWS_ACCESS_KEY_ID": credentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEBAaD/session+token", "AWS_REGION": "us-east-1",
        ]) { $1 }
        let result = await harness.run("init", "--sample-data")
        try #require(result.code == 0, "init failed: \(result.stderr)")
        return (harness, Harness.passwords(printedBy: result.stdout))
    }

    @Test func aTokenFromOneCommandIsHonouredByTheNext() async throws {
        let (harness, passwords) = try await seeded()
        defer { harness.remove() }
        let token = await harness.run("token", "--as", "admin")
        try #require(token.code == 0, "\(token.stderr)")
        let read = await harness.run(
            "api",
            "GET",
            "/api/contracts/CT001ABC",
            "--token",
            token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        )
        #expect(read.code == 0 && read.stderr.hasPrefix("HTTP 200"), "\(read.stderr)")

        let password = try #require(passwords["admin"])
        let signIn = await harness.run(
            "api",
            "POST",
            "/auth",
            "--body",
            #"{"username":"admin","password":"\#(password)"}"#
        )
        let issued = try #require(try signIn.json()["token"] as? String, "\(signIn.stdout)")
        let again = await harness.run("api", "GET", "/api/contracts/CT001ABC/audit", "--token", issued)
        #expect(again.stderr.hasPrefix("HTTP 200"), "\(again.stderr)")
    }

    @Test func aDownloadLinkWorksWithCurlAndGetURL() async throws {
        let (harness, _) = try await seeded()
        defer { harness.remove() }
        let answer = await harness.run(
            "api",
            "GET",
            "/api/contracts/CT002DEF/files/FLSAMPLE0001?presign=true",
            "--as",
            "admin"
        )
        let link = try #require(try answer.json()["url"] as? String, "\(answer.stdout)")
        let endpoint = try #require(harness.environment["TESTEX_ENDPOINT"])
        #expect(
            link.hasPrefix(endpoint + "/development-testex-files/contracts/CT002DEF/FLSAMPLE0001/"),
            "S3's link: \(link)"
        )
        #expect(link.contains("X-Amz-Credential=") && link.contains("X-Amz-Signature="))
        #expect(link.contains("X-Amz-Security-Token=FwoGZXIvYXdzEBAaD%2Fsession%2Btoken"), "the session token")
        let fetched = try await Curl.run([link])
        #expect(fetched.status == 200)
        #expect(String(decoding: fetched.body, as: UTF8.self).hasPrefix("Maintenance schedule for CT002DEF"))
        let viaCommand = await harness.run("s3", "get-url", link)
        #expect(viaCommand.code == 0 && viaCommand.stdout == String(decoding: fetched.body, as: UTF8.self))
        let moved = await harness.run(
            "s3",
            "get-url",
            link.replacingOccurrences(of: "FLSAMPLE0001", with: "FLSAMPLE0002")
        )
        #expect(moved.code == 4 && moved.stderr.contains("404 NoSuchKey"), "\(moved.stderr)")
        let notALink = await harness.run("s3", "get-url", endpoint + "/development-testex-files/x")
        #expect(notALink.code == 2 && notALink.stderr.contains("not a presigned S3 link"))
    }

    @Test func anUploadLinkStoresOnceAndIsRecorded() async throws {
        let (harness, _) = try await seeded()
        defer { harness.remove() }
        let made = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/files/upload-url",
            "--as",
            "admin",
            "--body",
            #"{"filename":"minutes.txt","content_type":"text/plain"}"#
        )
        let answer = try made.json()
        let link = try #require(answer["url"] as? String, "\(made.stdout)")
        let headers = try #require(answer["headers"] as? [String: String])
        #expect(headers == ["Content-Type": "text/plain", "If-None-Match": "*"])
        #expect(link.contains("X-Amz-SignedHeaders=host%3Bif-none-match"))
        let key = try #require(answer["key"] as? String)

        let upload = try await Curl.run(
            ["-X", "PUT", link] + headers.flatMap { ["-H", "\($0.key): \($0.value)"] },
            body: Data("agreed by phone".utf8)
        )
        #expect(upload.status == 200)
        let stored = await harness.run("s3", "cat", "s3://development-testex-files/\(key)")
        #expect(stored.stdout.trimmingCharacters(in: .newlines) == "agreed by phone")
        let twice = try await Curl.run(
            ["-X", "PUT", link] + headers.flatMap { ["-H", "\($0.key): \($0.value)"] },
            body: Data("other".utf8)
        )
        #expect(twice.status == 412, "a link uploads once")

        let second = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/files/upload-url",
            "--as",
            "admin",
            "--body",
            #"{"filename":"report.txt","content_type":"text/plain"}"#
        )
        let secondLink = try #require(try second.json()["url"] as? String)
        let recorded = await harness.run("s3", "put-url", secondLink, "--file", "-", stdin: "the report")
        #expect(recorded.code == 0, "\(recorded.stderr)")
        let record = try recorded.json()
        #expect(record["filename"] as? String == "report.txt" && record["size"] as? Int == 10)
        let files = try await harness.run("api", "GET", "/api/contracts/CT001ABC/files", "--as", "admin").json()
        let names = (files["items"] as? [[String: Any]] ?? []).compactMap { $0["filename"] as? String }
        #expect(names.contains("report.txt"))
        let reused = await harness.run("s3", "put-url", secondLink, "--file", "-", stdin: "replaced")
        #expect(reused.code == 4 && reused.stderr.contains("412 PreconditionFailed"), "\(reused.stderr)")
    }
}
