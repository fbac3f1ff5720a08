import Foundation
import Testing

/// Hostile requests against every route: each must get its clear 4xx with the right error
/// code, and leave the state directory byte-identical.
@Suite("Hostile input is refused and writes nothing")
struct HostileInputTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let words: [String]
        var stdin = ""
        let status: Int
        var description: String { "\(name) → \(status)" }
    }

    static let codes = [
        400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT",
        413: "PAYLOAD_TOO_LARGE", 422: "VALIDATION_ERROR",
    ]

    static func api(
        _ name: String,
        _ method: String,
        _ path: String,
        body: String? = nil,
        headers: [String] = [],
        as identity: String? = "admin",
        _ status: Int
    ) -> Case {
        var words = ["api", method, path]
        if let body { words += ["--body", body] }
        for header in headers { words += ["--header", header] }
        if let identity { words += ["--as", identity] }
        return Case(name: "\(method) \(path.prefix(60)): \(name)", words: words, status: status)
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static var validContract: [String: Any] {
        [
            "client_id": "CL001XYZ", "contract_type": "SERVICE", "start_date": "2026-12-01", "end_date": "2027-11-30",
            "value": 100,
        ]
    }
    static var validNotification: [String: Any] {
        [
            "template": "system-alert", "to": "ops@testex-dev.com",
            "values": ["severity": "INFO", "title": "t", "message": "m", "environment": "dev"],
        ]
    }
    static let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
    static let long2001 = String(repeating: "x", count: 2001)

    /// Routes that take a body, with a body that would be accepted.
    static let bodyRoutes: [(String, String, String)] = [
        ("POST", "/api/contracts", json(validContract)),
        ("PUT", "/api/contracts/CT001ABC", #"{"description":"ok"}"#),
        ("POST", "/api/contracts/CT001ABC/terminate", #"{"reason":"OTHER"}"#),
        ("POST", "/api/contracts/CT001ABC/suspend", #"{"reason":"ok"}"#),
        ("POST", "/api/contracts/CT003GHI/reactivate", #"{"reason":"ok"}"#),
        (
            "POST", "/api/contracts/CT001ABC/files",
            #"{"filename":"a.txt","content_type":"text/plain","content_base64":"aGk="}"#
        ),
        ("POST", "/api/contracts/CT001ABC/files/upload-url", #"{"filename":"a.txt","content_type":"text/plain"}"#),
        ("POST", "/api/clients", #"{"name":"Initech","email":"ops@initech.example"}"#),
        ("PUT", "/api/clients/CL001XYZ", #"{"phone":"+1 555 0100"}"#),
        ("POST", "/api/notifications", json(validNotification)),
        ("POST", "/auth", #"{"username":"admin","password":"x"}"#),
    ]

    /// Routes with a contract, file or client id in the path.
    static let idRoutes: [(String, String)] = [
        ("GET", "/api/contracts/{c}"), ("PUT", "/api/contracts/{c}"), ("DELETE", "/api/contracts/{c}"),
        ("POST", "/api/contracts/{c}/terminate"), ("POST", "/api/contracts/{c}/suspend"),
        ("POST", "/api/contracts/{c}/reactivate"),
        ("GET", "/api/contracts/{c}/audit"), ("GET", "/api/contracts/{c}/files"), ("POST", "/api/contracts/{c}/files"),
        ("POST", "/api/contracts/{c}/files/upload-url"), ("GET", "/api/contracts/CT002DEF/files/{f}"),
        ("DELETE", "/api/contracts/CT002DEF/files/{f}"), ("GET", "/api/clients/{l}"), ("PUT", "/api/clients/{l}"),
    ]
    static let badIds = ["ct001abc", "CT001AB", "CT001ABCD", "CT0%00ABC", "CT<b>1AB", "..", "CT001AB\u{0}", "CT001ABÇ"]

    static var pathCases: [Case] {
        idRoutes.flatMap { method, pattern in
            badIds.map { bad in
                let path = pattern.replacingOccurrences(of: "{c}", with: bad)
                    .replacingOccurrences(of: "{f}", with: bad.replacingOccurrences(of: "CT", with: "FLSAMPLE"))
                    .replacingOccurrences(of: "{l}", with: bad.replacingOccurrences(of: "CT", with: "CL"))
                let body = method == "GET" || method == "DELETE" ? nil : "{}"
                return api("bad id \(bad.debugDescription)", method, path, body: body, 400)
            }
        }
    }

    static var bodyCases: [Case] {
        bodyRoutes.flatMap { method, path, valid -> [Case] in
            let unknown = String(valid.dropLast()) + #","colour":"red"}"#
            let oversized = String(valid.dropLast()) + #","pad":""# + String(repeating: "x", count: 70_000) + #""}"#
            let deepField = String(valid.dropLast()) + #","nested":"# + deep + "}"
            return [
                api("not JSON", method, path, body: "{\"a\":", 400),
                api("an array", method, path, body: "[1,2]", 400),
                api("a string", method, path, body: "\"text\"", 400),
                api("nested 40 deep", method, path, body: deepField, 400),
                api("70 KB", method, path, body: oversized, path == "/api/contracts/CT001ABC/files" ? 400 : 413),
                api("unknown field", method, path, body: unknown, 400),
            ]
        }
    }

    static var contractCases: [Case] {
        func create(_ name: String, _ changes: [String: Any], _ status: Int) -> Case {
            api(name, "POST", "/api/contracts", body: json(validContract.merging(changes) { $1 }), status)
        }
        func update(_ name: String, _ body: String, headers: [String] = [], _ status: Int) -> Case {
            api(name, "PUT", "/api/contracts/CT001ABC", body: body, headers: headers, status)
        }
        return [
            create("lower-case client id", ["client_id": "cl001xyz"], 422),
            create("unknown client", ["client_id": "CL999999"], 422),
            create("lower-case type", ["contract_type": "service"], 422),
            create("markup type", ["contract_type": "SERVICE<b>"], 422),
            create("impossible day", ["start_date": "2026-02-30"], 422),
            create("before 1900", ["start_date": "1899-12-31"], 422),
            create("after 2999", ["end_date": "3000-01-01"], 422),
            create("short date", ["start_date": "2026-1-1"], 422),
            create("date with time", ["start_date": "2026-12-01T00:00:00Z"], 422),
            create("end before start", ["end_date": "2026-01-01"], 422),
            create("negative value", ["value": -1], 422), create("three decimals", ["value": 1.005], 422),
            create("value too large", ["value": 1e13], 422), create("value as words", ["value": "ten"], 422),
            create("value as boolean", ["value": true], 400), create("value as object", ["value": ["n": 1]], 400),
            create("currency in words", ["currency": "euro"], 422),
            create("description too long", ["description": long2001], 422),
            create("description with a tag", ["description": "<img src=x onerror=alert(1)>"], 422),
            create("description with a script link", ["description": "see javascript:alert(1)"], 422),
            create("description with NUL", ["description": "a\u{0}b"], 422),
            create("description with RTL override", ["description": "a\u{202E}b"], 422),
            create("existing id", ["contract_id": "CT001ABC"], 409),
            create("id with traversal", ["contract_id": "../CT001"], 422),
            create("type as number", ["contract_type": 5], 400),
            create("missing type", ["contract_type": NSNull()], 422),
            update("negative value", #"{"value":-5}"#, 422), update("bad end date", #"{"end_date":"2027-02-29"}"#, 422),
            update("version as words", #"{"expected_version":"one"}"#, 422),
            update("fractional version", #"{"expected_version":1.5}"#, 422),
            update("stale version", #"{"expected_version":99}"#, 409),
            update("If-Match not a number", "{}", headers: ["If-Match: abc"], 400),
            update("stale If-Match", "{}", headers: ["If-Match: \"99\""], 409),
            update("client id change", #"{"client_id":"CL002ABC"}"#, 400),
            update("status change", #"{"status":"TERMINATED"}"#, 400),
            update("markup description", #"{"description":"</td><script>"}"#, 422),
            api("suspending twice", "POST", "/api/contracts/CT003GHI/suspend", 409),
            api("reactivating an active contract", "POST", "/api/contracts/CT001ABC/reactivate", 409),
            api("deleting a missing contract", "DELETE", "/api/contracts/CT999999", 404),
            api("unknown method", "PATCH", "/api/contracts/CT001ABC", body: "{}", 404),
            api("path too long", "GET", "/api/contracts/" + String(repeating: "a/", count: 1100), 400),
            api("traversal out of the API", "GET", "/api/contracts/../../etc/passwd", 404),
        ]
    }

    static var terminationCases: [Case] {
        func terminate(_ name: String, _ body: String, headers: [String] = [], _ status: Int) -> Case {
            api(name, "POST", "/api/contracts/CT001ABC/terminate", body: body, headers: headers, status)
        }
        return [
            terminate("reason in words", #"{"reason":"mutual agreement"}"#, 422), terminate("no reason", "{}", 422),
            terminate("reason too long", #"{"reason":"\#(String(repeating: "A", count: 41))"}"#, 422),
            terminate("reason as number", #"{"reason":7}"#, 400),
            terminate("notes with a script", #"{"reason":"OTHER","notes":"<script>alert(1)</script>"}"#, 422),
            terminate("notes with a tag", #"{"reason":"OTHER","notes":"Agreed with <Client Company>"}"#, 422),
            terminate("notes with a script link", #"{"reason":"OTHER","notes":"JaVaScRiPt:alert(1)"}"#, 422),
            terminate("notes too long", #"{"reason":"OTHER","notes":"\#(long2001)"}"#, 422),
            terminate("notes with NUL", #"{"reason":"OTHER","notes":"a\u0000b"}"#, 422),
            terminate("notes with an escape character", #"{"reason":"OTHER","notes":"a\u001bb"}"#, 422),
            terminate("impossible effective date", #"{"reason":"OTHER","effective_date":"2026-13-01"}"#, 422),
            terminate("effective date after the end date", #"{"reason":"OTHER","effective_date":"2031-01-01"}"#, 422),
            terminate("stale version", #"{"reason":"OTHER","expected_version":99}"#, 409),
            terminate(
                "header injection in Idempotency-Key",
                #"{"reason":"OTHER"}"#,
                headers: ["Idempotency-Key: a\r\nX-Evil: 1"],
                400
            ),
            terminate(
                "Idempotency-Key too long",
                #"{"reason":"OTHER"}"#,
                headers: ["Idempotency-Key: \(String(repeating: "k", count: 300))"],
                400
            ),
            api(
                "terminating a terminated contract",
                "POST",
                "/api/contracts/CT999999/terminate",
                body: #"{"reason":"OTHER"}"#,
                404
            ),
            api(
                "suspend reason with a tag",
                "POST",
                "/api/contracts/CT001ABC/suspend",
                body: #"{"reason":"<b>late</b>"}"#,
                422
            ),
            api(
                "suspend reason too long",
                "POST",
                "/api/contracts/CT001ABC/suspend",
                body: #"{"reason":"\#(String(repeating: "r", count: 501))"}"#,
                422
            ),
            api(
                "suspend reason with a bell",
                "POST",
                "/api/contracts/CT001ABC/suspend",
                body: #"{"reason":"a\u0007"}"#,
                422
            ),
            api(
                "client terminating another's contract",
                "POST",
                "/api/contracts/CT003GHI/terminate",
                body: #"{"reason":"OTHER"}"#,
                as: "client:CL001XYZ",
                404
            ),
        ]
    }

    static var clientCases: [Case] {
        func create(_ name: String, _ body: String, _ status: Int) -> Case {
            api(name, "POST", "/api/clients", body: body, status)
        }
        return [
            create("not an email", #"{"name":"X","email":"not-an-email"}"#, 422),
            create("header injection in email", #"{"name":"X","email":"a@b.example\r\nBcc: c@d.example"}"#, 422),
            create("display-name email", #"{"name":"X","email":"X <a@b.example>"}"#, 422),
            create("two emails", #"{"name":"X","email":"a@b.example, c@d.example"}"#, 422),
            create("unicode email", #"{"name":"X","email":"ä@b.example"}"#, 422),
            create("name with a tag", #"{"name":"<b>Evil</b> Corp","email":"e@evil.example"}"#, 422),
            create("name with a line break", #"{"name":"Evil\r\nBcc: x","email":"e@evil.example"}"#, 422),
            create(
                "name too long",
                #"{"name":"\#(String(repeating: "n", count: 201))","email":"e@evil.example"}"#,
                422
            ),
            create("empty name", #"{"name":"  ","email":"e@evil.example"}"#, 422),
            create("phone in words", #"{"name":"X","email":"e@evil.example","phone":"call me"}"#, 422),
            create(
                "address with a script",
                #"{"name":"X","email":"e@evil.example","address":"<script>x</script>"}"#,
                422
            ),
            create(
                "address with a script link",
                #"{"name":"X","email":"e@evil.example","address":"vbscript:msgbox"}"#,
                422
            ),
            create("existing id", #"{"client_id":"CL001XYZ","name":"X","email":"e@evil.example"}"#, 409),
            create("existing email", #"{"name":"X","email":"contact@client.com"}"#, 409),
            create("bad id", #"{"client_id":"CL../x","name":"X","email":"e@evil.example"}"#, 422),
            api("unknown status", "PUT", "/api/clients/CL001XYZ", body: #"{"status":"DELETED"}"#, 422),
            api("bad email on update", "PUT", "/api/clients/CL001XYZ", body: #"{"email":"nope"}"#, 422),
            api("name with a tag on update", "PUT", "/api/clients/CL001XYZ", body: #"{"name":"<i>x</i>"}"#, 422),
            api("stale version", "PUT", "/api/clients/CL001XYZ", body: #"{"expected_version":42}"#, 409),
            api("missing client", "PUT", "/api/clients/CL999999", body: #"{"phone":"+1 555 0100"}"#, 404),
            api("other client's record", "GET", "/api/clients/CL002ABC", as: "client:CL001XYZ", 404),
        ]
    }

    static var fileCases: [Case] {
        func upload(
            _ name: String,
            filename: String = "a.txt",
            type: String = "text/plain",
            content: String = "aGk=",
            _ status: Int
        ) -> Case {
            api(
                name,
                "POST",
                "/api/contracts/CT001ABC/files",
                body: json(["filename": filename, "content_type": type, "content_base64": content]),
                status
            )
        }
        func link(_ name: String, _ body: String, _ status: Int) -> Case {
            api(name, "POST", "/api/contracts/CT001ABC/files/upload-url", body: body, status)
        }
        return [
            upload("traversal", filename: "../../etc/passwd", 422),
            upload("absolute path", filename: "/etc/passwd", 422),
            upload("backslashes", filename: "..\\..\\boot.ini", 422), upload("NUL", filename: "a\u{0}.pdf", 422),
            upload("hidden file", filename: ".htaccess", 422), upload("markup", filename: "<script>.txt", 422),
            upload("RTL override", filename: "invoice\u{202E}fdp.exe", 422),
            upload("256 bytes", filename: String(repeating: "a", count: 256), 422),
            upload("line break", filename: "a\r\nContent-Type: text/html.txt", 422),
            upload("trailing space", filename: "a.txt ", 422),
            upload("dot with a combining mark", filename: ".\u{301}htaccess", 422),
            upload("backslash with a combining mark", filename: "..\\\u{301}boot.ini", 422),
            upload("HTML content type", type: "text/html", 422),
            upload("header injection in content type", type: "text/plain\r\nX: y", 422),
            upload("invalid base64", content: "!!!not base64", 422), upload("empty document", content: "", 422),
            api(
                "no filename",
                "POST",
                "/api/contracts/CT001ABC/files",
                body: #"{"content_type":"text/plain","content_base64":"aGk="}"#,
                422
            ),
            api(
                "filename as number",
                "POST",
                "/api/contracts/CT001ABC/files",
                body: #"{"filename":1,"content_type":"text/plain","content_base64":"aGk="}"#,
                400
            ),
            api(
                "raw upload, header injection in X-Filename",
                "POST",
                "/api/contracts/CT001ABC/files",
                body: "hello",
                headers: ["Content-Type: text/plain", "X-Filename: a.txt\r\nX-Evil: 1"],
                422
            ),
            api(
                "raw upload, traversal in ?filename",
                "POST",
                "/api/contracts/CT001ABC/files?filename=..%2F..%2Fx.txt",
                body: "hello",
                headers: ["Content-Type: text/plain"],
                422
            ),
            api(
                "raw upload, no name",
                "POST",
                "/api/contracts/CT001ABC/files",
                body: "hello",
                headers: ["Content-Type: text/plain"],
                422
            ),
            api(
                "upload to a terminated contract's sibling",
                "POST",
                "/api/contracts/CT999999/files",
                body: #"{"filename":"a.txt","content_type":"text/plain","content_base64":"aGk="}"#,
                404
            ),
            link("traversal", #"{"filename":"../a.txt","content_type":"text/plain"}"#, 422),
            link("HTML type", #"{"filename":"a.html","content_type":"text/html"}"#, 422),
            link("lifetime too short", #"{"filename":"a.txt","content_type":"text/plain","expires_in":10}"#, 422),
            link("lifetime too long", #"{"filename":"a.txt","content_type":"text/plain","expires_in":99999}"#, 422),
            link("lifetime in words", #"{"filename":"a.txt","content_type":"text/plain","expires_in":"soon"}"#, 422),
            link("no content type", #"{"filename":"a.txt"}"#, 422),
            api("another contract's file", "GET", "/api/contracts/CT001ABC/files/FLSAMPLE0001", 404),
            api("missing file", "DELETE", "/api/contracts/CT002DEF/files/FLSAMPLE9999", 404),
            api("presign=maybe", "GET", "/api/contracts/CT002DEF/files/FLSAMPLE0001?presign=maybe", 400),
            api(
                "expires_in in words",
                "GET",
                "/api/contracts/CT002DEF/files/FLSAMPLE0001?presign=true&expires_in=soon",
                400
            ),
            api(
                "expires_in too long",
                "GET",
                "/api/contracts/CT002DEF/files/FLSAMPLE0001?presign=true&expires_in=86400",
                422
            ),
        ]
    }

    static var notificationCases: [Case] {
        func send(_ name: String, _ changes: [String: Any], _ status: Int) -> Case {
            api(name, "POST", "/api/notifications", body: json(validNotification.merging(changes) { $1 }), status)
        }
        let values = validNotification["values"] as! [String: Any]
        func withValue(_ name: String, _ key: String, _ value: Any, _ status: Int) -> Case {
            send(name, ["values": values.merging([key: value]) { $1 }], status)
        }
        return [
            send("not an address", ["to": "nobody"], 422),
            send("header injection in to", ["to": "a@b.example\r\nBcc: c@d.example"], 422),
            send("51 recipients", ["to": (0..<51).map { "r\($0)@b.example" }], 422),
            send("no recipients", ["to": [String]()], 422),
            send("to as number", ["to": 5], 422), send("to list of numbers", ["to": [1, 2]], 400),
            send("template traversal", ["template": "../termination-notice"], 422),
            send("unknown template", ["template": "welcome-gift"], 422),
            send("bad contract id", ["contract_id": "CT1"], 422), send("values not an object", ["values": "x"], 400),
            withValue("script in a value", "message", "<script>alert(1)</script>", 422),
            withValue("script link in a value", "message", "javascript:alert(document.cookie)", 422),
            withValue("line break in the subject", "title", "Hi\r\nBcc: evil@example.com", 422),
            withValue("value too long", "message", long2001, 422), withValue("nested value", "message", ["a": 1], 400),
            withValue("value name with a space", "bad name", "x", 422),
            send("51 values", ["values": Dictionary(uniqueKeysWithValues: (0..<51).map { ("v\($0)", "x") })], 422),
            send("missing values", ["values": [String: Any]()], 422),
        ]
    }

    static var queryCases: [Case] {
        [
            api("limit 0", "GET", "/api/contracts?limit=0", 422),
            api("limit 101", "GET", "/api/contracts?limit=101", 422),
            api("negative limit", "GET", "/api/contracts?limit=-1", 422),
            api("limit in words", "GET", "/api/contracts?limit=ten", 400),
            api("huge limit", "GET", "/api/contracts?limit=99999999999999999999999", 400),
            api("unknown status", "GET", "/api/contracts?status=DELETED", 400),
            api("bad client filter", "GET", "/api/contracts?client_id=../x", 400),
            api("forged next_token", "GET", "/api/contracts?next_token=eyJ4IjoxfQ", 400),
            api("oversized next_token", "GET", "/api/contracts?next_token=\(String(repeating: "A", count: 5000))", 400),
            api("next_token with padding", "GET", "/api/contracts?next_token=abc=", 400),
            api("bad email filter", "GET", "/api/clients?email=x%0d%0aBcc:y", 422),
            api("audit limit 0", "GET", "/api/contracts/CT001ABC/audit?limit=0", 422),
            api("files next_token", "GET", "/api/contracts/CT002DEF/files?next_token=zzz", 400),
            api("clients limit in words", "GET", "/api/clients?limit=all", 400),
        ]
    }

    static var signInCases: [Case] {
        func signIn(_ name: String, _ body: String, _ status: Int) -> Case {
            api(name, "POST", "/auth", body: body, as: nil, status)
        }
        return [
            signIn("no password", #"{"username":"admin"}"#, 422), signIn("no username", #"{"password":"x"}"#, 422),
            signIn("username as number", #"{"username":1,"password":"x"}"#, 400),
            signIn(
                "password too long",
                #"{"username":"admin","password":"\#(String(repeating: "p", count: 1025))"}"#,
                422
            ),
            signIn(
                "body over 4 KB",
                #"{"username":"admin","password":"\#(String(repeating: "p", count: 4100))"}"#,
                413
            ),
            signIn("malformed username", #"{"username":"<script>","password":"x"}"#, 401),
            signIn("username of a failure record", #"{"username":"failures:admin","password":"x"}"#, 401),
            signIn("username too long", #"{"username":"\#(String(repeating: "a", count: 65))","password":"x"}"#, 401),
        ]
    }

    static var eventCases: [Case] {
        func event(_ name: String, _ body: String, base64: Bool, _ status: Int) -> Case {
            let event = json([
                "resource": "/{proxy+}", "path": "/api/contracts", "httpMethod": "POST",
                "headers": ["Content-Type": "application/json"],
                "requestContext": ["requestId": "r", "authorizer": ["claims": ["sub": "x", "role": "admin"]]],
                "body": body, "isBase64Encoded": base64,
            ])
            return Case(
                name: "event: \(name)",
                words: ["invoke", "ApiGateway", "--event", "-"],
                stdin: event,
                status: status
            )
        }
        func claims(_ name: String, _ claims: [String: Any], _ status: Int) -> Case {
            let event = json([
                "resource": "/{proxy+}", "path": "/api/contracts", "httpMethod": "GET",
                "requestContext": ["requestId": "r", "authorizer": ["claims": claims]],
            ])
            return Case(
                name: "event: \(name)",
                words: ["invoke", "ApiGateway", "--event", "-"],
                stdin: event,
                status: status
            )
        }
        return [
            event("body marked base64 but is not", "%%%not base64%%%", base64: true, 400),
            event("base64 of a non-object", Data("[1]".utf8).base64EncodedString(), base64: true, 400),
            event("base64 of invalid UTF-8", Data([0xFF, 0xFE, 0x7B]).base64EncodedString(), base64: true, 400),
            claims("unknown role", ["sub": "x", "role": "root"], 403),
            claims("client without client id", ["sub": "x", "role": "client"], 403),
            claims("client with a bad client id", ["sub": "x", "role": "client", "client_id": "CL../x"], 403),
            claims("no subject", ["role": "admin"], 401),
        ]
    }

    static let cases: [Case] =
        pathCases + bodyCases + contractCases + terminationCases + clientCases + fileCases
        + notificationCases + queryCases + signInCases + eventCases

    @Test func thereAreAtLeastTwoHundredCasesCoveringEveryRoute() {
        #expect(Self.cases.count >= 200, "\(Self.cases.count)")
        let paths = Set(
            Self.cases.compactMap { $0.words.count > 2 && $0.words[0] == "api" ? $0.words[1] + " " + $0.words[2] : nil }
        )
        for route in [
            "GET /api/contracts", "POST /api/contracts", "POST /api/clients", "GET /api/clients",
            "POST /api/notifications", "POST /auth",
        ] {
            #expect(paths.contains { $0.hasPrefix(route) }, "\(route)")
        }
    }

    /// Cases in groups, each group on its own copy of the seeded state, cases in a group one after another.
    static let groups: [Int] = Array(0..<8)

    @Test(arguments: groups)
    func hostileRequestsGetTheirStatusAndCodeAndChangeNothing(_ group: Int) async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let before = harness.snapshot()
        for (index, testCase) in Self.cases.enumerated() where index % Self.groups.count == group {
            let result = await harness.run(testCase.words, stdin: testCase.stdin)
            let (status, body) = try Self.answer(result, testCase)
            #expect(status == testCase.status, "\(testCase.name): \(status) \(body)")
            let error = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            let code = (error?["error"] as? [String: Any])?["code"] as? String
            #expect(code == Self.codes[testCase.status], "\(testCase.name): \(body)")
            #expect(harness.snapshot() == before, "\(testCase.name) changed the state")
        }
    }

    /// The HTTP status and body, from `api` (stderr + stdout) or `invoke` (the proxy response).
    static func answer(_ result: Harness.Result, _ testCase: Case) throws -> (Int, String) {
        if testCase.words[0] == "invoke" {
            let response = try result.json()
            return (response["statusCode"] as? Int ?? -1, response["body"] as? String ?? result.stdout)
        }
        let status = Int(result.stderr.split(separator: "\n").first?.dropFirst("HTTP ".count) ?? "") ?? -1
        return (status, result.stdout)
    }
}
