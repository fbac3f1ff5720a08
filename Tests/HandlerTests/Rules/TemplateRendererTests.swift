import Shared
import Testing

@testable import NotificationService

/// Rendering on its own: a template and values in, the three parts out.
@Suite("Template rendering")
struct TemplateRendererTests {
    static let template = EmailTemplate(
        name: "termination-notice",
        subject: "Contract {{contract_id}} ends",
        text: "Dear {{ client_name }}, reason: {{reason}}.",
        html: "<p>Dear {{client_name}}, reason: {{reason}}.</p>"
    )

    @Test func valuesAreEscapedInTheHTMLPartOnly() throws {
        let email = try TemplateRenderer.render(
            Self.template,
            values: [
                "contract_id": "CT001ABC", "client_name": "Tom & <Jerry>", "reason": "\"it's over\"",
            ]
        )
        #expect(email.subject == "Contract CT001ABC ends")
        #expect(email.text == "Dear Tom & <Jerry>, reason: \"it's over\".")
        #expect(email.html == "<p>Dear Tom &amp; &lt;Jerry&gt;, reason: &quot;it&#39;s over&quot;.</p>")
    }

    @Test func aMissingValueIsNamed() {
        #expect(throws: DomainError.invalid("template termination-notice needs the values 'client_name', 'reason'")) {
            try TemplateRenderer.render(Self.template, values: ["contract_id": "CT001ABC"])
        }
    }

    @Test func aLineBreakCannotReachTheSubject() {
        for value in ["CT\nBcc: x@example.com", "CT\r\n", "CT\rX"] {
            #expect(throws: DomainError.self) {
                try TemplateRenderer.render(
                    Self.template,
                    values: ["contract_id": value, "client_name": "a", "reason": "b"]
                )
            }
        }
    }

    @Test func onlyNamesOfLettersDigitsAndUnderscoresArePlaceholders() {
        #expect(TemplateRenderer.placeholders(in: "{{a_1}} {{ b }} {{c-d}} {{}} {{{e}}") == ["a_1", "b"])
        #expect(Self.template.placeholders == ["contract_id", "client_name", "reason"])
    }
}
