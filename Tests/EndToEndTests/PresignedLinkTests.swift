import Foundation
import Testing

/// Presigned document links: made by the API, honoured by `s3 get-url` / `s3 put-url` only
/// while unaltered and unexpired, with nothing written when refused.
@Suite("Presigned document links")
struct PresignedLinkTests {
    /// A file outside the state directory, so the state's snapshot is only the state.
    static func scratch(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("testex-link-\(UUID().uuidString)-\(name)")
    }

    static func downloadLink(
        _ harness: Harness,
        as identity: String = "client:CL001XYZ",
        query: String = ""
    ) async throws -> String {
        let result = await harness.run(
            "api",
            "GET",
            "/api/contracts/CT002DEF/files/FLSAMPLE0001?presign=true\(query)",
            "--as",
            identity
        )
        #expect(result.code == 0, "\(result.stderr) \(result.stdout)")
        return try #require(try result.json()["url"] as? String)
    }

    static func uploadLink(
        _ harness: Harness,
        contract: String = "CT001ABC",
        filename: String = "minutes.txt"
    ) async throws -> [String: Any] {
        let body = #"{"filename":"\#(filename)","content_type":"text/plain"}"#
        let result = await harness.run(
            "api",
            "POST",
            "/api/contracts/\(contract)/files/upload-url",
            "--body",
            body,
            "--as",
            "client:CL001XYZ"
        )
        #expect(result.code == 0, "\(result.stderr) \(result.stdout)")
        return try result.json()
    }

    @Test func aDownloadLinkServesTheDocumentUntilItExpires() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let url = try await Self.downloadLink(harness)
        let got = await harness.run("s3", "get-url", url)
        #expect(got.code == 0)
        #expect(got.stdout.hasPrefix("Maintenance schedule for CT002DEF"))
        let output = harness.state.appendingPathComponent("download.txt")
        #expect(await harness.run("s3", "get-url", url, "-o", output.path).code == 0)
        #expect(
            FileManager.default.contents(atPath: output.path).map { String(decoding: $0, as: UTF8.self) }?.hasPrefix(
                "Maintenance"
            ) == true
        )

        harness.environment["TESTEX_NOW"] = "2026-11-22T10:15:00Z"
        let expired = await harness.run(
            "s3",
            "get-url",
            url,
            "-o",
            harness.state.appendingPathComponent("late.txt").path
        )
        #expect(expired.code == 4)
        #expect(expired.stderr.contains("expired at 2026-11-22T10:15:00.000Z"))
        #expect(!FileManager.default.fileExists(atPath: harness.state.appendingPathComponent("late.txt").path))
    }

    @Test func theLifetimeCanBeChosenWithinLimits() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let url = try await Self.downloadLink(harness, query: "&expires_in=60")
        #expect(url.contains("X-Amz-Expires=60&"))
        harness.environment["TESTEX_NOW"] = "2026-11-22T10:01:00Z"
        #expect(await harness.run("s3", "get-url", url).code == 4)
        for bad in ["&expires_in=59", "&expires_in=3601", "&expires_in=x", "&presign=yes"] {
            let result = await harness.run(
                "api",
                "GET",
                "/api/contracts/CT002DEF/files/FLSAMPLE0001?presign=true\(bad)",
                "--as",
                "admin"
            )
            #expect(result.code == 4, "\(bad)")
        }
    }

    @Test func alteredOrCrossObjectLinksAreRefusedAndWriteNothing() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let url = try await Self.downloadLink(harness)
        let upload = try await Self.uploadLink(harness)
        let putURL = try #require(upload["url"] as? String)
        let output = harness.state.appendingPathComponent("out.bin")
        let base = String(url.prefix { $0 != "?" })
        let query = url.dropFirst(base.count + 1).split(separator: "&").map(String.init)
        var altered: [(String, String)] = [
            ("other file", url.replacingOccurrences(of: "FLSAMPLE0001", with: "FLSAMPLE0002")),
            ("other contract", url.replacingOccurrences(of: "CT002DEF", with: "CT003GHI")),
            (
                "other bucket",
                url.replacingOccurrences(of: "development-testex-files", with: "development-testex-backups")
            ),
            ("extra parameter", url + "&response-content-type=text%2Fhtml"),
            ("upload signature on the download path", base + "?" + putURL.split(separator: "?")[1]),
            (
                "download signature on the upload path",
                String(putURL.prefix { $0 != "?" }) + "?" + query.joined(separator: "&")
            ),
        ]
        for (index, pair) in query.enumerated() {
            var changed = query
            changed[index] = pair + "0"
            altered.append(("changed \(pair.prefix { $0 != "=" })", base + "?" + changed.joined(separator: "&")))
            var removed = query
            removed.remove(at: index)
            altered.append(("without \(pair.prefix { $0 != "=" })", base + "?" + removed.joined(separator: "&")))
        }
        let before = harness.snapshot()
        for (name, link) in altered {
            let result = await harness.run("s3", "get-url", link, "-o", output.path)
            #expect(result.code == 4 || result.code == 2, "\(name): \(result.code) \(result.stderr)")
            #expect(result.stderr.contains("link"), "\(name): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let wrongUse = await harness.run("s3", "get-url", putURL)
        #expect(wrongUse.code == 4 && wrongUse.stderr.contains("allows PUT only"))
        let file = Self.scratch("upload.txt")
        try Data("hi".utf8).write(to: file)
        let wrongWay = await harness.run("s3", "put-url", url, "--file", file.path)
        #expect(wrongWay.code == 4 && wrongWay.stderr.contains("allows GET only"))
        #expect(await harness.run("s3", "get-url", "https://example.com/x").code == 2)
        try FileManager.default.removeItem(at: file)
        #expect(harness.snapshot() == before, "a refused link wrote something")
    }

    @Test func anUploadLinkRecordsTheDocumentOnce() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let link = try await Self.uploadLink(harness, filename: "meeting minutes.txt")
        let url = try #require(link["url"] as? String)
        let fileId = try #require(link["file_id"] as? String)
        #expect(link["method"] as? String == "PUT")
        #expect((link["headers"] as? [String: String])?["Content-Type"] == "text/plain")
        let file = Self.scratch("minutes.txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("Minutes of the call.\n".utf8).write(to: file)

        let put = await harness.run("s3", "put-url", url, "--file", file.path)
        #expect(put.code == 0, "\(put.stderr)")
        let record = try put.json()
        #expect(record["file_id"] as? String == fileId && record["uploaded_by"] as? String == "local-client-CL001XYZ")
        #expect(record["filename"] as? String == "meeting minutes.txt" && record["size"] as? Int == 21)
        let list = try await harness.run("api", "GET", "/api/contracts/CT001ABC/files", "--as", "client:CL001XYZ")
            .json()
        #expect(
            (list["items"] as? [[String: Any]] ?? []).contains { $0["file_id"] as? String == fileId },
            "the upload is in the file list"
        )
        let download = await harness.run("api", "GET", "/api/contracts/CT001ABC/files/\(fileId)", "--as", "admin")
        #expect(
            try download.json()["content_base64"] as? String
                == Data("Minutes of the call.\n".utf8).base64EncodedString()
        )

        let before = harness.snapshot()
        let again = await harness.run("s3", "put-url", url, "--file", file.path)
        #expect(again.code == 4 && again.stderr.contains("409"), "\(again.stderr)")
        #expect(harness.snapshot() == before, "a second upload through the same link wrote something")
    }

    @Test func anExpiredUploadLinkOrABadDocumentWritesNothing() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let url = try #require(try await Self.uploadLink(harness)["url"] as? String)
        let empty = Self.scratch("empty.txt")
        try Data().write(to: empty)
        let before = harness.snapshot()
        let refused = await harness.run("s3", "put-url", url, "--file", empty.path)
        #expect(refused.code == 4 && refused.stderr.contains("422"), "\(refused.stderr)")
        try Data("late".utf8).write(to: empty)
        harness.environment["TESTEX_NOW"] = "2026-11-22T10:20:00Z"
        let late = await harness.run("s3", "put-url", url, "--file", empty.path)
        #expect(late.code == 4 && late.stderr.contains("expired"))
        try FileManager.default.removeItem(at: empty)
        #expect(harness.snapshot() == before)
    }

    @Test func uploadLinksAreRefusedForClosedContractsAndBadNames() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        _ = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--body",
            #"{"reason":"OTHER"}"#,
            "--as",
            "admin"
        )
        let before = harness.snapshot()
        for (body, status) in [
            (#"{"filename":"a.txt","content_type":"text/plain"}"#, "HTTP 409"),
            (#"{"filename":"../a.txt","content_type":"text/plain"}"#, "HTTP 422"),
            (#"{"filename":"a.exe","content_type":"application/x-msdownload"}"#, "HTTP 422"),
        ] {
            let result = await harness.run(
                "api",
                "POST",
                "/api/contracts/CT001ABC/files/upload-url",
                "--body",
                body,
                "--as",
                "admin"
            )
            #expect(result.stderr.hasPrefix(status), "\(body): \(result.stderr)")
        }
        #expect(harness.snapshot() == before)
    }
}

@Suite("Presigned links of deleted contracts and altered paths")
struct PresignedLinkLifetimeTests {
    @Test func aLinkStopsWorkingWhenItsContractIsDeleted() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let url = try await PresignedLinkTests.downloadLink(harness)
        #expect(await harness.run("s3", "get-url", url).code == 0)
        let deleted = await harness.run("api", "DELETE", "/api/contracts/CT002DEF", "--as", "admin")
        #expect(deleted.code == 0, "\(deleted.stderr)")
        let after = await harness.run("s3", "get-url", url)
        #expect(after.code == 4, "the link of a deleted contract's document still works: \(after.stderr)")
        let archived = await harness.run(
            "s3",
            "ls",
            "--recursive",
            "s3://development-testex-archives/contracts/CT002DEF/"
        )
        #expect(archived.stdout.contains("maintenance schedule.txt"), "the document is kept in the archives bucket")
    }

    @Test func aLinkWhoseBucketEndIsSpelledPercent2FIsRefusedAs403() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let url = try await PresignedLinkTests.downloadLink(harness)
        let respelled = url.replacingOccurrences(
            of: "development-testex-files/contracts/",
            with: "development-testex-files%2Fcontracts/"
        )
        let result = await harness.run("s3", "get-url", respelled)
        #expect(result.code == 4, "\(result.stderr)")
        #expect(result.stderr.contains("signature does not match"), "\(result.stderr)")
    }
}
