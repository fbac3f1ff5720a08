import Foundation
import LocalAWS
import Shared
import Testing

@testable import NotificationService

/// The rule a template must pass to be saved, on its own: each refusal a 400 naming the
/// placeholder, tag, part or line at fault.
@Suite("Template rules")
struct TemplateRulesTests {
    static let good = ManagedTemplate(
        name: "welcome-note",
        subject: "Welcome, {{client_name}}",
        text: "Dear {{client_name}},\n\nyour contract {{contract_id}} starts today.\n{{notes}}\n",
        html: "<!DOCTYPE html>\n<html>\n<body>\n<!-- greeting -->\n<p>Dear {{client_name}},</p>\n"
            + "<p>contract <strong>{{contract_id}}</strong><br>starts "
            + "<a href=\"https://testex.example/\">today</a>.</p>\n"
            + "<img src=\"https://testex.example/logo.png\" alt=\"\"/>\n</body>\n</html>\n",
        variables: ["client_name", "contract_id", "notes"],
        required: ["client_name", "contract_id"],
        savedAt: "2026-11-22T10:00:00.000Z",
        savedBy: "t-admin",
        change: "put"
    )

    static func refusal(_ change: (inout ManagedTemplate) -> Void) -> String? {
        var template = good
        change(&template)
        do {
            try TemplateRules.check(template)
            return nil
        } catch let error as DomainError {
            #expect(error.status == 400, "\(error)")
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func aWellFormedTemplatePasses() throws {
        try TemplateRules.check(Self.good)
    }

    @Test func everyBundledTemplatePassesAndInstallsAsVersionOne() async throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates")
        var files: [String: String] = [:]
        for name in TemplateName.allCases.map(\.rawValue) {
            for file in TemplateStore.files {
                let text = String(
                    decoding: try Data(contentsOf: directory.appendingPathComponent("\(name)/\(file)")),
                    as: UTF8.self
                )
                files["\(name)/\(file)"] = text.hasSuffix("\n") ? String(text.dropLast()) : text
            }
        }
        let objects = MemoryObjectStore()
        try await objects.createBucket("templates", versioned: true)
        let store = TemplateStore(objects: objects, bucket: "templates")
        #expect(
            try await store.installDefaults(files, at: "2026-11-22T10:00:00.000Z")
                == TemplateName.allCases.map(\.rawValue).sorted()
        )
        #expect(try await store.installDefaults(files, at: "2026-11-23T10:00:00.000Z").isEmpty)
        #expect(try await store.current("termination-notice")?.version == 1)
    }

    @Test func anUndeclaredPlaceholderIsNamedWithItsPartAndLine() {
        let message = Self.refusal { $0.text += "Signed: {{signatory}}\n" }
        #expect(message == "text line 5: placeholder {{signatory}} is not declared in variables")
        #expect(
            Self.refusal { $0.html = $0.html.replacingOccurrences(of: "{{contract_id}}", with: "{{contract}}") }
                == "html line 6: placeholder {{contract}} is not declared in variables"
        )
    }

    @Test func aPlaceholderThatIsNotANameIsRefused() {
        #expect(Self.refusal { $0.text += "{{client-name}}\n" }?.hasPrefix("text line 5: '{{client-name}}") == true)
        #expect(Self.refusal { $0.subject += " {{oops" }?.contains("is not a placeholder") == true)
    }

    @Test func aRequiredVariableMustBeUsedAndDeclared() {
        #expect(
            Self.refusal {
                $0.variables.append("region")
                $0.required.append("region")
            }
                == "required variable 'region' is used in no part of the template"
        )
        #expect(Self.refusal { $0.required.append("region") }?.contains("'region'") == true)
        #expect(Self.refusal { $0.variables.append("client_name") } == "variable 'client_name' is declared twice")
        #expect(Self.refusal { $0.variables.append("bad-name") }?.contains("'bad-name'") == true)
    }

    @Test(arguments: ["Welcome\r\nBcc: x@example.com", "Welcome\n", "Wel\rcome"])
    func aLineBreakInTheSubjectIsRefused(_ subject: String) {
        #expect(Self.refusal { $0.subject = subject }?.hasPrefix("subject must be one line") == true)
    }

    @Test func unbalancedHTMLNamesTheTagAndLine() {
        #expect(
            Self.refusal { $0.html = "<html>\n<body>\n<p>Dear {{client_name}} {{contract_id}}\n</body>\n</html>" }
                == "html line 4: </body> closes <p> (opened on line 3)"
        )
        #expect(
            Self.refusal { $0.html = "<p>{{client_name}} {{contract_id}}</p>\n</div>" }
                == "html line 2: </div> closes no open element"
        )
        #expect(
            Self.refusal { $0.html = "<table>\n<tr><td>{{client_name}} {{contract_id}}</td></tr>" }
                == "html line 1: <table> is never closed"
        )
        #expect(
            Self.refusal { $0.html = "<p>{{client_name}} {{contract_id}} < 3</p>" }
                == "html line 1: a bare '<' (write &lt; for the character)"
        )
        #expect(
            Self.refusal { $0.html = "<p title=\"x>{{client_name}} {{contract_id}}</p>" }?.contains("never closed")
                == true
        )
        #expect(
            Self.refusal { $0.html = "<p>{{client_name}} {{contract_id}}</p><!-- open" }
                == "html line 1: a comment is never closed (-->)"
        )
    }

    @Test(arguments: [
        ("<p>{{client_name}}</p>\n<SCRIPT src=x></SCRIPT>", "html line 2: <script> is not allowed in an email"),
        ("<p>{{client_name}}</p><iframe src=x></iframe>", "html line 1: <iframe> is not allowed in an email"),
        (
            "<p onclick=\"x()\">{{client_name}}</p>",
            "html line 1: the event-handler attribute onclick of <p> is not allowed"
        ),
        (
            "<img src=x OnError=alert(1)><p>{{client_name}}</p>",
            "html line 1: the event-handler attribute onerror of <img> is not allowed"
        ),
        ("<a href=\" JavaScript:alert(1)\">{{client_name}}</a>", "html line 1: href of <a> links to a script"),
    ])
    func activeContentInTheHTMLIsRefused(_ html: String, _ message: String) {
        #expect(Self.refusal { $0.html = html + "{{contract_id}}" } == message)
    }

    @Test func aPartOverTheLimitIsNamed() {
        let big = String(repeating: "x", count: TemplateRules.maximumPartBytes - Self.good.text.utf8.count)
        #expect(Self.refusal { $0.text += big } == nil)
        #expect(
            Self.refusal { $0.text += big + "y" }
                == "text is 262145 bytes; each part may be at most 262144 bytes (256 KB)"
        )
        #expect(Self.refusal { $0.html = "<p>" + big + big + "</p>" }?.hasPrefix("html is ") == true)
    }

    @Test func controlCharactersAndEmptyPartsAreRefused() {
        #expect(Self.refusal { $0.text += "\u{0}" } == "text line 5 holds the control character U+0")
        #expect(Self.refusal { $0.text = "  \n" } == "text is empty")
    }

    @Test(arguments: [
        "../termination-notice", "a/b", "..%2Fetc", "name\u{0}", "", "Termination", "x.json",
        String(repeating: "a", count: 65), "%2e%2e",
    ])
    func aNameThatCouldLeaveItsPrefixIsRefused(_ name: String) {
        #expect(throws: DomainError.self) { try TemplateRules.checkName(name) }
        #expect(Self.refusal { $0.name = name }?.hasPrefix("template name '") == true)
    }
}
