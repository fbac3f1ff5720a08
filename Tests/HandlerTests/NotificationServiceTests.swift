import Foundation
import LocalHarness
import Shared
import Testing
import WireFormat

@Suite("NotificationService")
struct NotificationServiceTests {
    static let system = Caller(subject: "t-system", role: .system)

    @Test func rendersEscapedValuesIntoTheHTMLPartAndLogsTheSend() async throws {
        let test = try await TestSystem()
        let request = NotificationRequest(
            template: "termination-notice",
            to: ["contact@client.com"],
            values: [
                "client_name": "A & B \"Ltd\" 'UK'", "contract_id": "CT001ABC", "contract_type": "SERVICE",
                "reason": "OTHER", "effective_date": "2026-11-22", "notes": "fees < 100 > 50 -> keep",
            ],
            contractId: "CT001ABC",
            caller: Self.system
        )
        let log = try await test.invoke(.notificationService, request, as: NotificationLog.self)
        #expect(log.status == "SENT" && log.messageId != nil)
        let message = try #require(try await test.system.outbox.message(id: log.messageId!))
        let eml = String(decoding: message.eml, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
        #expect(eml.contains("A &amp; B &quot;Ltd&quot; &#39;UK&#39;"))
        #expect(eml.contains("fees &lt; 100 &gt; 50 -&gt; keep"))
        #expect(!eml.contains("fees < 100 > 50 -> keep</td>"))
        let logged = try await test.invoke(
            .databaseManager,
            DatabaseCall(
                DatabaseRequest.listNotifications(contractId: "CT001ABC", page: PageRequest()),
                for: TestSystem.admin
            ),
            as: Page<NotificationLog>.self
        )
        #expect(logged.items.map(\.notificationId).contains(log.notificationId))
    }

    @Test func aNoticeAddressedToAClientGoesToItsAddressWithItsName() async throws {
        let test = try await TestSystem()
        let values = [
            "contract_id": "CT001ABC", "contract_type": "SERVICE", "reason": "OTHER", "effective_date": "2026-11-22",
            "notes": "-",
        ]
        let request = NotificationRequest(
            template: "termination-notice",
            to: [],
            values: values,
            contractId: "CT001ABC",
            caller: Self.system,
            clientId: "CL001XYZ"
        )
        let log = try await test.invoke(.notificationService, request, as: NotificationLog.self)
        #expect(log.recipients == ["contact@client.com"] && log.clientId == "CL001XYZ")
        let message = try #require(try await test.system.outbox.message(id: log.messageId!))
        #expect(String(decoding: message.eml, as: UTF8.self).contains("Client Company"))

        let before = try await test.system.outbox.list().count
        var unknown = request
        unknown.clientId = "CL999ZZZ"
        await #expect(throws: DomainError.notFound("client CL999ZZZ does not exist")) {
            try await test.invoke(.notificationService, unknown, as: NotificationLog.self)
        }
        var nobody = request
        nobody.clientId = nil
        await #expect(throws: DomainError.self) {
            try await test.invoke(.notificationService, nobody, as: NotificationLog.self)
        }
        #expect(try await test.system.outbox.list().count == before)
    }

    @Test func aMissingValueOrUnknownTemplateFailsClearlyAndSendsNothing() async throws {
        let test = try await TestSystem()
        let before = try await test.system.outbox.list().count
        let error = try #require(
            await #expect(throws: DomainError.self, "rendered without values") {
                _ = try await test.invoke(
                    .notificationService,
                    NotificationRequest(
                        template: "status-update",
                        to: ["a@b.example"],
                        values: ["client_name": "X"],
                        caller: Self.system
                    ),
                    as: NotificationLog.self
                )
            }
        )
        #expect(error.status == 422)
        #expect(error.message.contains("'contract_id'") && error.message.contains("'status'"))
        let unknown = try #require(
            await #expect(throws: DomainError.self, "an unknown template was used") {
                _ = try await test.invoke(
                    .notificationService,
                    NotificationRequest(
                        template: "welcome-gift",
                        to: ["a@b.example"],
                        values: [:],
                        caller: Self.system
                    ),
                    as: NotificationLog.self
                )
            }
        )
        #expect(unknown.status == 422)
        #expect(unknown.message.contains("unknown template") && unknown.message.contains("termination-notice"))
        #expect(try await test.system.outbox.list().count == before)
    }

    @Test(arguments: [
        "<script>alert(1)</script>", "A & B <Ltd>", "see <a href=x>here</a>", "<!-- x -->", "java\tscript:alert(1)",
        "VBScript:x",
    ])
    func markupInAnyValueIsRefusedAndNothingIsSent(_ notes: String) async throws {
        let test = try await TestSystem()
        let before = try await test.system.outbox.list().count
        let request = NotificationRequest(
            template: "termination-notice",
            to: ["contact@client.com"],
            values: [
                "client_name": "A", "contract_id": "CT001ABC", "contract_type": "SERVICE",
                "reason": "OTHER", "effective_date": "2026-11-22", "notes": notes,
            ],
            contractId: "CT001ABC",
            caller: Self.system
        )
        await #expect(
            throws: DomainError.invalid(
                "values.notes must be plain text: \(Validate.markup(in: notes) ?? "") is not allowed"
            )
        ) {
            try await test.invoke(.notificationService, request, as: NotificationLog.self)
        }
        #expect(try await test.system.outbox.list().count == before)
    }

    @Test func aLineBreakInASubjectValueIsRefused() async throws {
        let test = try await TestSystem()
        let request = NotificationRequest(
            template: "status-update",
            to: ["a@b.example"],
            values: [
                "client_name": "X", "contract_id": "CT001ABC\r\nBcc: evil@example.com", "status": "ACTIVE",
                "reason": "-",
            ],
            caller: Self.system
        )
        let table = test.system.services.tableName(Tables.notifications)
        let logged = try await test.system.tables.scan(ScanRequest(table: table, limit: 1000)).items.count
        await #expect(throws: DomainError.invalid("a value used in the subject of status-update contains a line break"))
        {
            try await test.invoke(.notificationService, request, as: NotificationLog.self)
        }
        #expect(
            try await test.system.tables.scan(ScanRequest(table: table, limit: 1000)).items.count == logged,
            "refused before SES, so no FAILED send is logged"
        )
    }

    @Test func theBuiltInTemplatesMatchTheTemplatesFolder() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("templates")
        let test = try await TestSystem()
        let bucket = Buckets(test.system.configuration).templates
        var count = 0
        for name in TemplateName.allCases {
            let stored = try #require(
                try await test.system.objects.getObject(bucket: bucket, key: "templates/\(name.rawValue)/template.json")
            )
            let installed = try JSON.decode(ManagedTemplate.self, from: stored.data)
            #expect(installed.change == "install" && installed.variables == installed.required)
            for (file, part) in [
                ("subject.txt", installed.subject + "\n"), ("body.txt", installed.text), ("body.html", installed.html),
            ] {
                let onDisk = try #require(
                    FileManager.default.contents(atPath: root.appendingPathComponent("\(name.rawValue)/\(file)").path)
                )
                #expect(
                    Data(part.utf8) == onDisk,
                    "\(name.rawValue)/\(file) differs from templates/; run scripts/embed-templates.sh"
                )
                count += 1
            }
        }
        #expect(count == TemplateName.allCases.count * 3)
    }
}
