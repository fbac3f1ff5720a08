import Foundation
import LocalHarness
import Shared
import Testing
import WireFormat

/// Managed templates through the API, on the whole system in memory: versions saved, previewed,
/// sent, rolled back; bad templates refused with nothing saved; admins only.
@Suite("Managed templates")
struct ManagedTemplateTests {
    static let v2Text =
        "Dear {{client_name}},\n\nWe confirm the end of contract {{contract_id}} ({{contract_type}}).\n"
        + "Reason: {{reason}}. Effective: {{effective_date}}. Notes: {{notes}}\nQuestions: {{reply_to}}\n"
    static let v2: JSONValue = [
        "subject": "Contract {{contract_id}} has ended",
        "text": .string(v2Text),
        "html": .string(
            "<html><body><p>Dear {{client_name}},</p><p>We confirm the end of contract {{contract_id}} "
                + "({{contract_type}}).</p><p>{{reason}}, {{effective_date}}: {{notes}}</p>"
                + "<p>{{reply_to}}</p></body></html>"
        ),
        "variables": ["client_name", "contract_id", "contract_type", "reason", "effective_date", "notes", "reply_to"],
    ]

    static func body(_ value: JSONValue) throws -> String { String(decoding: try JSON.encode(value), as: UTF8.self) }

    /// The decoded `.eml` of the newest message with `subject`.
    static func eml(_ test: TestSystem, subject: String) async throws -> String {
        let record = try #require(try await test.system.outbox.list().last { $0.subject == subject })
        let message = try #require(try await test.system.outbox.message(id: record.messageId))
        return String(decoding: message.eml, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
    }

    @Test func aSavedVersionIsPreviewedSentAndRolledBack() async throws {
        let test = try await TestSystem()
        let saved = try await test.api("PUT", "/api/templates/termination-notice", body: try Self.body(Self.v2))
        #expect(saved.status == 200, "\(saved.body)")
        #expect(saved.body["version"]?.numberValue == 2 && saved.body["in_use"] == .bool(true))
        let preview = try await test.api(
            "POST",
            "/api/templates/termination-notice/preview",
            body: #"{"values":{"#
                + #""client_name":"A & B","contract_id":"CT001ABC","contract_type":"SERVICE","reason":"OTHER","#
                + #""effective_date":"2026-11-22","notes":"n"}}"#
        )
        #expect(preview.status == 200)
        #expect(preview.body["subject"]?.stringValue == "Contract CT001ABC has ended")
        #expect(preview.body["html"]?.stringValue?.contains("Dear A &amp; B,") == true)
        #expect(
            preview.body["text"]?.stringValue?.hasSuffix("Questions: \(test.system.configuration.replyToEmail)\n")
                == true
        )

        let first = try await test.api("POST", "/api/contracts/CT001ABC/terminate", body: #"{"reason":"OTHER"}"#)
        #expect(first.status == 200)
        try await test.drain()
        let v2Mail = try await Self.eml(test, subject: "Contract CT001ABC has ended")
        #expect(v2Mail.contains("We confirm the end of contract CT001ABC (SERVICE)."))
        #expect(v2Mail.contains("Questions: \(test.system.configuration.replyToEmail)"))

        let rolledBack = try await test.api(
            "POST",
            "/api/templates/termination-notice/rollback",
            body: #"{"version":1}"#
        )
        #expect(rolledBack.status == 200)
        #expect(rolledBack.body["version"]?.numberValue == 3 && rolledBack.body["restored_from"]?.numberValue == 1)
        let second = try await test.api("POST", "/api/contracts/CT002DEF/terminate", body: #"{"reason":"OTHER"}"#)
        #expect(second.status == 200)
        try await test.drain()
        let v1Mail = try await Self.eml(test, subject: "Termination of contract CT002DEF")
        #expect(v1Mail.contains("This notice confirms that contract CT002DEF (MAINTENANCE) has been terminated."))
        #expect(!v1Mail.contains("We confirm the end"))

        let versions = try await test.api("GET", "/api/templates/termination-notice/versions")
        let listed = versions.body["items"]?.arrayValue ?? []
        #expect(listed.map { $0["version"]?.numberValue } == [3, 2, 1])
        #expect(listed.map { $0["change"]?.stringValue } == ["rollback", "put", "install"])
        #expect(listed.map { $0["current"] } == [.bool(true), .bool(false), .bool(false)])
        let audited = try await test.system.allItems(of: Tables.auditLogs)
            .filter { $0["entity_type"] == .string("template") && $0["entity_id"] == .string("termination-notice") }
        #expect(Set(audited.compactMap { $0["action"]?.stringValue }) == ["PUT_TEMPLATE", "ROLLBACK_TEMPLATE"])
    }

    @Test(arguments: [
        ("text", "Hello {{client_name}} {{signatory}}", "text line 1: placeholder {{signatory}} is not declared"),
        ("html", "<p>{{client_name}}<p>\n</body>", "html line 2: </body> closes <p> (opened on line 1)"),
        ("subject", "Notice\r\nBcc: all@example.com", "subject must be one line"),
        ("html", "<p>{{client_name}}</p><script>steal()</script>", "html line 1: <script> is not allowed"),
        ("html", "<p onmouseover=\"x()\">{{client_name}}</p>", "the event-handler attribute onmouseover of <p>"),
        (
            "text", String(repeating: "x", count: 262_145) + "{{client_name}}",
            "text is 262160 bytes; each part may be at most"
        ),
    ])
    func aBadTemplateIsRefusedNamingTheProblemAndNothingIsSaved(
        _ part: String,
        _ content: String,
        _ message: String
    )
        async throws
    {
        let test = try await TestSystem()
        let auditBefore = try await test.system.allItems(of: Tables.auditLogs).count
        var template: [String: JSONValue] = [
            "subject": "Notice for {{client_name}}", "text": "Dear {{client_name}}", "html": "<p>{{client_name}}</p>",
            "variables": ["client_name"],
        ]
        template[part] = .string(content)
        for name in ["status-update", "brand-new"] {
            let answer = try await test.api("PUT", "/api/templates/\(name)", body: try Self.body(.object(template)))
            #expect(answer.status == 400)
            #expect(answer.body["error"]?["code"]?.stringValue == "BAD_REQUEST")
            #expect(
                answer.body["error"]?["message"]?.stringValue?.contains(message) == true,
                "\(answer.body["error"]?["message"] ?? .null)"
            )
        }
        let versions = try await test.api("GET", "/api/templates/status-update/versions")
        #expect(versions.body["items"]?.arrayValue?.count == 1)
        #expect(try await test.api("GET", "/api/templates/brand-new").status == 404)
        #expect(try await test.system.allItems(of: Tables.auditLogs).count == auditBefore)
    }

    @Test(arguments: ["..%2Ftermination-notice", "a%00b", "..", "Upper", "x.json", "%2e%2e%2fsecrets"])
    func aNameLeavingItsPrefixIsRefusedAndNothingIsSaved(_ name: String) async throws {
        let test = try await TestSystem()
        let objects = try await test.system.objects.listObjectVersions(
            bucket: Buckets(test.system.configuration).templates
        )
        let good = #"{"subject":"s {{a}}","text":"t","html":"<p>h</p>","variables":["a"]}"#
        for (method, path, body) in [
            ("PUT", "", good), ("GET", "", nil), ("DELETE", "", nil),
            ("GET", "/versions", nil), ("POST", "/rollback", #"{"version":1}"#),
            ("POST", "/preview", "{}"),
        ] as [(String, String, String?)] {
            let answer = try await test.api(method, "/api/templates/\(name)\(path)", body: body)
            #expect(answer.status == 400, "\(method) \(name)\(path): \(answer.status) \(answer.body)")
            #expect(answer.body["error"]?["message"]?.stringValue?.hasPrefix("template name '") == true)
        }
        #expect(
            try await test.system.objects.listObjectVersions(bucket: Buckets(test.system.configuration).templates)
                == objects
        )
    }

    @Test func onlyAnAdminReachesTheTemplates() async throws {
        let test = try await TestSystem()
        let before = try await test.system.objects.listObjectVersions(
            bucket: Buckets(test.system.configuration).templates
        )
        let routes: [(String, String, String?)] = [
            ("GET", "/api/templates", nil), ("GET", "/api/templates/termination-notice", nil),
            ("PUT", "/api/templates/maintenance-window", try Self.body(try JSONValue(encoding: SampleTemplate.draft))),
            ("DELETE", "/api/templates/maintenance-window", nil),
            ("GET", "/api/templates/termination-notice/versions", nil),
            ("POST", "/api/templates/termination-notice/rollback", #"{"version":1}"#),
            ("POST", "/api/templates/termination-notice/preview", "{}"), ("POST", "/api/templates/upload-url", "{}"),
        ]
        for claims in [
            ["sub": "t-system", "role": "system"], ["sub": "t-client", "role": "client", "client_id": "CL001XYZ"],
        ] {
            for (method, path, body) in routes {
                let answer = try await test.api(method, path, body: body, claims: claims)
                #expect(answer.status == 403, "\(claims["role"]!) \(method) \(path): \(answer.status)")
            }
        }
        #expect(
            try await test.system.objects.listObjectVersions(bucket: Buckets(test.system.configuration).templates)
                == before
        )
    }

    @Test func aTemplateARuleSendsCannotBeDeletedAnotherCanAndKeepsItsVersions() async throws {
        let test = try await TestSystem()
        for name in TemplateName.allCases.map(\.rawValue) {
            let answer = try await test.api("DELETE", "/api/templates/\(name)")
            #expect(answer.status == 409 && answer.body["error"]?["message"]?.stringValue?.contains(name) == true)
        }
        #expect(try await test.api("DELETE", "/api/templates/maintenance-window").status == 200)
        #expect(try await test.api("GET", "/api/templates/maintenance-window").status == 404)
        #expect(try await test.api("DELETE", "/api/templates/maintenance-window").status == 404)
        let versions = try await test.api("GET", "/api/templates/maintenance-window/versions")
        #expect(versions.body["items"]?.arrayValue?.map { $0["current"] } == [.bool(false)])
        let restored = try await test.api("POST", "/api/templates/maintenance-window/rollback", body: #"{"version":1}"#)
        #expect(restored.status == 200 && restored.body["version"]?.numberValue == 2)
        let actions = try await test.system.allItems(of: Tables.auditLogs)
            .filter { $0["entity_id"] == .string("maintenance-window") }.compactMap { $0["action"]?.stringValue }
        #expect(actions.sorted() == ["DELETE_TEMPLATE", "PUT_TEMPLATE", "ROLLBACK_TEMPLATE"])
        #expect(
            try await test.api("POST", "/api/templates/maintenance-window/rollback", body: #"{"version":7}"#).status
                == 404
        )
    }

    @Test func anUploadedBundleBecomesAVersionOnceAndABadOneIsRefused() async throws {
        let test = try await TestSystem()
        let link = try await test.api("POST", "/api/templates/upload-url", body: "{}")
        #expect(link.status == 200)
        let key = try #require(link.body["bundle_key"]?.stringValue)
        #expect(link.body["link"]?["url"]?.stringValue != nil)
        let files = Buckets(test.system.configuration).files
        var bundle = try #require(try JSONValue(encoding: SampleTemplate.draft).objectValue)
        bundle["subject"] = "Maintenance: {{date}}"
        // What S3 stores when the link is used (the link itself is tested with the other links).
        try await test.system.objects.createObject(
            bucket: files,
            key: key,
            data: try JSON.encode(JSONValue.object(bundle)),
            contentType: "application/json",
            metadata: [:]
        )
        let saved = try await test.api("PUT", "/api/templates/maintenance-window", body: #"{"bundle_key":"\#(key)"}"#)
        #expect(saved.status == 200 && saved.body["change"]?.stringValue == "bundle")
        #expect(
            saved.body["subject"]?.stringValue == "Maintenance: {{date}}" && saved.body["version"]?.numberValue == 2
        )
        #expect(try await test.system.objects.getObject(bucket: files, key: key) == nil)
        let again = try await test.api("PUT", "/api/templates/maintenance-window", body: #"{"bundle_key":"\#(key)"}"#)
        #expect(
            again.status == 400
                && again.body["error"]?["message"]?.stringValue?.contains("nothing was uploaded") == true
        )

        bundle["html"] = "<p>{{date}} {{window}}<script>x()</script></p>"
        try await test.system.objects.createObject(
            bucket: files,
            key: key,
            data: try JSON.encode(JSONValue.object(bundle)),
            contentType: nil,
            metadata: [:]
        )
        let refused = try await test.api("PUT", "/api/templates/maintenance-window", body: #"{"bundle_key":"\#(key)"}"#)
        #expect(refused.status == 400 && refused.body["error"]?["message"]?.stringValue?.contains("<script>") == true)
        #expect(try await test.api("GET", "/api/templates/maintenance-window").body["version"]?.numberValue == 2)
        #expect(
            try await test.api(
                "PUT",
                "/api/templates/maintenance-window",
                body: #"{"bundle_key":"campaign-uploads/UP0000000001.csv"}"#
            ).status == 400
        )
    }

    @Test func anOptionalVariableMayBeLeftOutOfASendARequiredOneMayNot() async throws {
        let test = try await TestSystem()
        let preview = try await test.api(
            "POST",
            "/api/templates/maintenance-window/preview",
            body: #"{"values":{"date":"2026-12-01","window":"22:00-23:00 UTC"}}"#
        )
        #expect(preview.status == 200 && preview.body["html"]?.stringValue?.contains("<p></p>") == true)
        let missing = try await test.api(
            "POST",
            "/api/templates/maintenance-window/preview",
            body: #"{"values":{"date":"2026-12-01"}}"#
        )
        #expect(missing.status == 422 && missing.body["error"]?["message"]?.stringValue?.contains("'window'") == true)
    }
}
