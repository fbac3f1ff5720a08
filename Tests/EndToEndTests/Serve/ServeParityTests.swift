import Foundation
import Shared
import TestSupport
import Testing
import WireFormat

/// `curl` through `serve` answers every request of `events/api/` with the status and body
/// `testex-local api` gives, each side on its own fresh sample state, in the same order.
@Suite("serve answers as api does", .serialized)
struct ServeParityTests {
    /// One event file as an HTTP request.
    struct Request {
        let file: String
        let method: String
        let target: String
        let headers: [(String, String)]
        let body: Data?
        let base64: Bool
        let identity: String
        let v2: Bool
    }

    static func request(_ file: String) throws -> Request {
        let event = try JSON.decode(
            JSONValue.self,
            from: Data(contentsOf: Harness.repositoryRoot.appendingPathComponent(file))
        )
        let v2 = event["version"]?.stringValue == "2.0"
        let method = try #require((v2 ? event["requestContext"]?["http"]?["method"] : event["httpMethod"])?.stringValue)
        let path = try #require((v2 ? event["rawPath"] : event["path"])?.stringValue)
        var query = v2 ? event["rawQueryString"]?.stringValue ?? "" : ""
        if !v2, case .object(let values)? = event["multiValueQueryStringParameters"] {
            query = values.sorted { $0.key < $1.key }.flatMap { name, list in
                (list.arrayValue ?? []).compactMap(\.stringValue).map {
                    "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)"
                }
            }.joined(separator: "&")
        }
        let skipped: Set<String> = ["host", "user-agent", "accept", "content-length"]
        let headers = (event["headers"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
            .compactMap { name, value in
                skipped.contains(name.lowercased()) ? nil : value.stringValue.map { (name, $0) }
            }
        let base64 = event["isBase64Encoded"] == .bool(true)
        let body = event["body"]?.stringValue.map { base64 ? Data(base64Encoded: $0) ?? Data() : Data($0.utf8) }
        let claims =
            (v2
                ? event["requestContext"]?["authorizer"]?["jwt"]?["claims"]
                : event["requestContext"]?["authorizer"]?["claims"])
        let role = claims?["role"]?.stringValue
        let identity = role == "client" ? "client:\(claims?["client_id"]?.stringValue ?? "")" : role ?? "anonymous"
        return Request(
            file: file,
            method: method,
            target: query.isEmpty ? path : "\(path)?\(query)",
            headers: headers,
            body: body,
            base64: base64,
            identity: identity,
            v2: v2
        )
    }

    /// The ids a request draws, the request ids and the link's host and signature differ between two states.
    static func normalized(_ data: Data) -> String {
        var text =
            (try? JSON.decode(JSONValue.self, from: data)).map { JSON.string($0) }
            ?? String(decoding: data, as: UTF8.self)
        let samples = ["CL001XYZ", "CL002ABC", "CT001ABC", "CT002DEF", "CT003GHI", "CT004JKL", "FLSAMPLE0001"]
        for (index, sample) in samples.enumerated() {
            text = text.replacingOccurrences(of: sample, with: "<sample\(index)>")
        }
        for pattern in [
            #"\b(CT|CL|SB)[A-Z0-9]{6}\b"#, #"\bFL[A-Z0-9]{10}\b"#, #"\bNT[A-Z0-9]{12}\b"#,
            #"\bUP[A-Z0-9]{10}\b"#, #"whsec_[A-Za-z0-9_-]{43}"#,
            #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#,
            #"0100[0-9a-f]{12}-[0-9a-f-]{36}-000000"#, #"https?://(s3\.localhost|127\.0\.0\.1:[0-9]+)/"#,
            #"X-Amz-Signature=[0-9a-f]{64}"#,
            #""log_id":"[^"]+""#,
        ] {
            text = text.replacingOccurrences(of: pattern, with: "<drawn>", options: .regularExpression)
        }
        return unordered(text)
    }

    /// A list's items in a fixed order: a list from a Scan (`GET /api/clients`) promises none, and
    /// each state scans its drawn ids in their own hash order.
    static func unordered(_ text: String) -> String {
        guard case .object(var members)? = try? JSON.decode(JSONValue.self, from: Data(text.utf8)),
            let items = members["items"]?.arrayValue
        else { return text }
        members["items"] = .array(items.sorted { JSON.string($0) < JSON.string($1) })
        return JSON.string(JSONValue.object(members))
    }

    @Test(arguments: [false, true])
    func everyEventFileGetsTheSameAnswerThroughCurl(v2: Bool) async throws {
        let requests = try EventFileTests.files("api").map(Self.request).filter { $0.v2 == v2 }
        try #require(requests.count >= (v2 ? 3 : 20))
        let viaAPI = try await Harness.seeded()
        let viaServe = try await Harness.seeded()
        defer {
            viaAPI.remove()
            viaServe.remove()
        }
        let serve = try await ServeProcess.start(viaServe, arguments: v2 ? ["--v2"] : [])
        defer { serve.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for request in requests {
            var words =
                ["api", request.method, request.target, "--as", request.identity]
                + request.headers.flatMap { ["--header", "\($0.0): \($0.1)"] }
            if let body = request.body {
                let file = folder.appendingPathComponent(UUID().uuidString)
                try body.write(to: file)
                words += ["--body", "@" + file.path] + (request.base64 ? ["--base64"] : [])
            }
            if v2 { words.append("--v2") }
            let api = await viaAPI.run(words)
            let apiStatus = try #require(
                api.stderr.split(separator: "\n").first { $0.hasPrefix("HTTP ") }.flatMap { Int($0.dropFirst(5)) },
                "\(request.file): \(api.stderr)"
            )
            var curl =
                ["-X", request.method, serve.base + request.target]
                + request.headers.flatMap { ["-H", "\($0.0): \($0.1)"] }
            if request.identity != "anonymous" {
                let token = await viaServe.run("token", "--as", request.identity).stdout.trimmingCharacters(
                    in: .whitespacesAndNewlines
                )
                curl += ["-H", "Authorization: Bearer \(token)"]
            }
            let served = try await Curl.run(curl, body: request.body)
            #expect(served.status == apiStatus, "\(request.file): api \(apiStatus), serve \(served.status)")
            #expect(Self.normalized(served.body) == Self.normalized(Data(api.stdout.utf8)), "\(request.file)")
        }
        #expect(serve.stop() == 0, "serve stops cleanly on SIGTERM: \(serve.stderr)")
    }
}
