import Foundation
import Shared
import Testing

@Suite("Plain text, usernames and JSON limits")
struct PlainTextTests {
    @Test(arguments: [
        "<script>alert(1)</script>", "<b>bold</b>", "A & B <Ltd>", "</td>", "<!-- c -->", "<?xml?>",
        "x<img src=x onerror=y>",
        "javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:x", "java script:x",
        "vbscript:msgbox", "click java\u{200B}script:x",
        "javascript:\u{301}alert(1)",
    ])
    func markupIsRefused(_ text: String) {
        #expect(Validate.markup(in: text) != nil, "\(text)")
        #expect(throws: DomainError.self) { try Validate.text(text, field: "notes", maximum: 2000) }
    }

    @Test(arguments: [
        "Agreed < 30 days & confirmed", "R&D -> ops", "a<5", "5 > 3", "<", "x <= y", "Müller & Söhne GmbH", "tel: 555",
        "ask java people", "日本語の契約",
    ])
    func plainTextPasses(_ text: String) throws {
        #expect(Validate.markup(in: text) == nil, "\(text)")
        try Validate.text(text, field: "notes", maximum: 2000)
    }

    @Test func bidirectionalOverridesAndControlCharactersAreRefused() {
        #expect(throws: DomainError.self) { try Validate.text("invoice\u{202E}fdp.exe", field: "name", maximum: 200) }
        #expect(throws: DomainError.self) { try Validate.text("a\u{0}b", field: "name", maximum: 200) }
        #expect(throws: DomainError.self) {
            try Validate.text("a\r\nb", field: "name", maximum: 200, allowLineBreaks: false)
        }
        #expect(throws: DomainError.self) {
            try Validate.text(String(repeating: "x", count: 201), field: "name", maximum: 200)
        }
    }

    @Test(arguments: [
        ("admin", true), ("client-cl001xyz", true), ("a.b_c@d-e", true), ("Admin", false), ("", false), ("-x", false),
        ("failures:admin", false), ("a b", false), (String(repeating: "a", count: 65), false), ("ädmin", false),
    ])
    func usernames(_ name: String, valid: Bool) {
        #expect(Validate.isUsername(name) == valid)
    }

    @Test func depthCountsBracketsOutsideStringsOnly() {
        #expect(JSONLimits.depth(of: Data(#"{"a":[1,{"b":"[[[["}]}"#.utf8), limit: 32) == 3)
        #expect(JSONLimits.depth(of: Data(#"{"a":"\"{{{{"}"#.utf8), limit: 32) == 1)
        #expect(
            JSONLimits.depth(
                of: Data((String(repeating: "[", count: 33) + String(repeating: "]", count: 33)).utf8),
                limit: 32
            ) == nil
        )
        #expect(
            JSONLimits.depth(
                of: Data((String(repeating: "[", count: 32) + String(repeating: "]", count: 32)).utf8),
                limit: 32
            ) == 32
        )
    }
}
