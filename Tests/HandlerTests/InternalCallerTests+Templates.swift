import Foundation
import LocalHarness
import Shared
import Testing

/// Managed templates invoked directly, past ApiGateway: NotificationService checks the caller
/// with the one access rule and the template with its rules, and DatabaseManager takes a
/// template's audit entry from an admin naming itself only.
extension InternalCallerTests {
    static let goodTemplate = #""template":{"subject":"s {{a}}","text":"t","html":"<p>h</p>","variables":["a"]}"#

    @Test(arguments: [
        #"{"action":"put_template","name":"status-update",\#(goodTemplate),"caller":\#(otherClient)}"#,
        #"{"action":"put_template","name":"status-update",\#(goodTemplate),"caller":{"sub":"s","role":"service"}}"#,
        #"{"action":"put_template","name":"status-update",\#(goodTemplate),"caller":{"sub":"s","role":"system"}}"#,
        #"{"action":"delete_template","name":"maintenance-window","caller":\#(otherClient)}"#,
        #"{"action":"rollback_template","name":"status-update","version":1,"caller":{"sub":"s","role":"system"}}"#,
        #"{"action":"list_templates","caller":\#(otherClient)}"#,
        #"{"action":"preview_template","name":"status-update","caller":{"sub":"s","role":"service"}}"#,
    ])
    func aTemplateRequestFromAnyoneButAnAdminIsRefused(_ request: String) async throws {
        let test = try await TestSystem()
        let before = try await test.system.objects.listObjectVersions(
            bucket: Buckets(test.system.configuration).templates
        )
        #expect(await invoke(test, .notificationService, request).status == 403, "\(request)")
        #expect(
            try await test.system.objects.listObjectVersions(bucket: Buckets(test.system.configuration).templates)
                == before
        )
    }

    @Test(arguments: [
        #"{"action":"put_template","name":"../../files/x",\#(goodTemplate),"caller":\#(admin)}"#,
        #"{"action":"put_template","name":"a\u0000b",\#(goodTemplate),"caller":\#(admin)}"#,
        #"{"action":"put_template","name":"status-update","template":{"subject":"s","text":"t","html":"<p>h</p>","#
            + #""variables":[],"bundle_key":"../../templates/termination-notice/template.json"},"caller":\#(admin)}"#,
        #"{"action":"put_template","name":"status-update","template":{"subject":"{{x}}","text":"t","html":"h","#
            + #""variables":[]},"caller":\#(admin)}"#,
        #"{"action":"put_template","name":"status-update","#
            + #""template":{"bundle_key":"template-uploads/UP0000000001.json"},"#
            + #""caller":\#(admin)}"#,
        #"{"action":"get_template","name":"templates/status-update","caller":\#(admin)}"#,
        #"{"action":"delete_template","name":"%2e%2e","caller":\#(admin)}"#,
        #"{"action":"put_template","name":"status-update","caller":\#(admin)}"#,
    ])
    func aHostileTemplateRequestIsRefusedAndNothingIsWritten(_ request: String) async throws {
        let test = try await TestSystem()
        let before = try await test.system.objects.listObjectVersions(
            bucket: Buckets(test.system.configuration).templates
        )
        let audit = try await test.system.allItems(of: Tables.auditLogs)
        #expect(await invoke(test, .notificationService, request).status == 400, "\(request)")
        #expect(
            try await test.system.objects.listObjectVersions(bucket: Buckets(test.system.configuration).templates)
                == before
        )
        #expect(try await test.system.allItems(of: Tables.auditLogs) == audit)
    }

    @Test func aTemplateAuditEntryIsTakenFromAnAdminNamingItselfOnly() async throws {
        let test = try await TestSystem()
        func entry(actor: String, role: String, type: String = "template") -> String {
            #"{"operation":"record_template_change","audit":{"log_id":"ALTEST0000001","entity_type":"\#(type)","#
                + #""entity_id":"status-update","action":"PUT_TEMPLATE","actor":"\#(actor)","actor_role":"\#(role)","#
                + #""timestamp":"\#(Self.now)","request_id":"r"},"caller":"#
        }
        let before = try await test.system.allItems(of: Tables.auditLogs)
        #expect(
            await invoke(test, .databaseManager, entry(actor: "t-admin", role: "admin") + Self.otherClient + "}")
                .status == 403
        )
        #expect(
            await invoke(test, .databaseManager, entry(actor: "someone", role: "admin") + Self.admin + "}")
                .status == 403
        )
        #expect(
            await invoke(
                test,
                .databaseManager,
                entry(actor: "t-admin", role: "admin", type: "contract")
                    + Self.admin + "}"
            ).status == 400
        )
        #expect(try await test.system.allItems(of: Tables.auditLogs) == before)
        #expect(
            await invoke(test, .databaseManager, entry(actor: "t-admin", role: "admin") + Self.admin + "}")
                .status == 200
        )
    }
}
