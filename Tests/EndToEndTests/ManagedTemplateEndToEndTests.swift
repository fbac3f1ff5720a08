import Foundation
import LocalAWS
import LocalHarness
import Shared
import Testing

/// Managed templates on a state directory: a version saved through the API is what the next
/// termination's `.eml` in the outbox says, and a rollback brings the earlier wording back; the
/// `templates` commands show them; a state made before templates were managed keeps working.
@Suite("Managed templates on a state directory")
struct ManagedTemplateEndToEndTests {
    static let v2 =
        #"{"subject":"Contract {{contract_id}} has ended","text":"Dear {{client_name}}, we confirm "#
        + #"the end of {{contract_id}} ({{contract_type}}): {{reason}}, {{effective_date}}. {{notes}}\n","#
        + #""html":"<p>Dear {{client_name}}, we confirm the end of <b>{{contract_id}}</b> ({{contract_type}}): "#
        + #"{{reason}}, {{effective_date}}. {{notes}}</p>\n","variables":["client_name","contract_id","contract_type","#
        + #""reason","effective_date","notes"]}"#

    /// The `.eml` files of the outbox whose subject line is `subject`, as text.
    static func emails(_ harness: Harness, subject: String) throws -> [String] {
        let outbox = harness.state.appendingPathComponent("ses/outbox")
        return try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }
            .map { String(decoding: try Data(contentsOf: outbox.appendingPathComponent($0)), as: UTF8.self) }
            .map { $0.replacingOccurrences(of: "=\r\n", with: "") }
            .filter { $0.contains("Subject: \(subject)\r\n") }
    }

    @Test func aSavedVersionIsWhatTheNextNoticeSaysAndARollbackBringsTheFirstBack() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let saved = await harness.run(
            "api",
            "PUT",
            "/api/templates/termination-notice",
            "--as",
            "admin",
            "--body",
            Self.v2
        )
        #expect(saved.code == 0 && saved.stdout.contains(#""version" : 2"#), "\(saved.stderr)")
        let preview = await harness.run(
            "api",
            "POST",
            "/api/templates/termination-notice/preview",
            "--as",
            "admin",
            "--body",
            #"{"values":{"client_name":"C","contract_id":"CT001ABC","contract_type":"SERVICE","reason":"OTHER","#
                + #""effective_date":"2026-11-22","notes":"n"}}"#
        )
        #expect(preview.stdout.contains(#""subject" : "Contract CT001ABC has ended""#), "\(preview.stdout)")
        let first = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--as",
            "admin",
            "--body",
            #"{"reason":"MUTUAL_AGREEMENT"}"#
        )
        #expect(first.code == 0, "\(first.stderr)")
        let v2Mails = try Self.emails(harness, subject: "Contract CT001ABC has ended")
        #expect(v2Mails.count == 1 && v2Mails[0].contains("we confirm the end of CT001ABC (SERVICE): MUTUAL_AGREEMENT"))

        let rolledBack = await harness.run(
            "api",
            "POST",
            "/api/templates/termination-notice/rollback",
            "--as",
            "admin",
            "--body",
            #"{"version":1}"#
        )
        #expect(rolledBack.code == 0 && rolledBack.stdout.contains(#""restored_from" : 1"#), "\(rolledBack.stderr)")
        let second = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT002DEF/terminate",
            "--as",
            "admin",
            "--body",
            #"{"reason":"MUTUAL_AGREEMENT"}"#
        )
        #expect(second.code == 0, "\(second.stderr)")
        let v1Mails = try Self.emails(harness, subject: "Termination of contract CT002DEF")
        #expect(v1Mails.count == 1 && v1Mails[0].contains("This notice confirms that contract CT002DEF"))

        let versions = await harness.run("templates", "versions", "termination-notice")
        let numbers: [String] = versions.stdout.split(separator: "\n").map { line in String(line.prefix(2)) }
        #expect(numbers == ["v3", "v2", "v1"], "\(versions.stdout)")
        #expect(versions.stdout.contains("rollback of v1  current") && versions.stdout.contains("local-admin  put"))
        let listed = await harness.run("templates", "list")
        #expect(listed.stdout.contains("termination-notice        v3"), "\(listed.stdout)")
        let shown = await harness.run("templates", "show", "termination-notice", "--version", "2", "--output", "json")
        #expect(shown.code == 0 && shown.stdout.contains("we confirm the end"), "\(shown.stderr)")
        #expect(await harness.run("templates", "show", "termination-notice", "--version", "9").code == 4)
        #expect(await harness.run("templates", "show", "../secrets").code == 2)
        #expect(await harness.run("doctor").code == 0)
    }

    @Test func aStateMadeBeforeTemplatesWereManagedSendsAndRefusesALosingSave() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        // The earlier layout: an unversioned templates bucket holding the three files of each template.
        let configuration = Configuration()
        let bucket = Buckets(configuration).templates
        let s3 = harness.state.appendingPathComponent("s3")
        try FileManager.default.removeItem(at: s3.appendingPathComponent(bucket))
        let objects = FileObjectStore(root: s3)
        try await objects.createBucket(bucket, versioned: false)
        try await objects.putObject(bucket: bucket, key: "templates/system-alert/subject.txt", data: Data("x\n".utf8))
        let marker = harness.state.appendingPathComponent("testex-state.json")
        var fields = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: marker)) as? [String: Any])
        fields["format"] = StateDirectory.format - 1
        try JSONSerialization.data(withJSONObject: fields).write(to: marker)

        let read = await harness.run("api", "GET", "/api/templates/termination-notice", "--as", "admin")
        #expect(read.code == 0 && read.stdout.contains(#""version" : 1"#), "\(read.stderr)")
        let terminated = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--as",
            "admin",
            "--body",
            #"{"reason":"MUTUAL_AGREEMENT"}"#
        )
        #expect(terminated.code == 0)
        #expect(try Self.emails(harness, subject: "Termination of contract CT001ABC").count == 1)
        let saved = await harness.run(
            "api",
            "PUT",
            "/api/templates/termination-notice",
            "--as",
            "admin",
            "--body",
            Self.v2
        )
        #expect(saved.code != 0 && saved.stdout.contains("keeps no versions"), "\(saved.stdout)")
        let again = await harness.run("api", "GET", "/api/templates/termination-notice", "--as", "admin")
        #expect(again.stdout.contains("This notice confirms"))
    }
}
