import Foundation
import Shared

/// The one rule a template must pass to be saved (by `PUT`, a bundle or a rollback): a safe name;
/// a one-line subject; parts of at most 256 KB without control characters; every placeholder
/// declared and every required variable used; a well-formed HTML part without active content
/// (`TemplateRules+HTML.swift`). A refusal is a 400 naming the placeholder, tag or line.
enum TemplateRules {
    static let maximumPartBytes = 256 * 1024
    static let maximumVariables = 50

    /// 1 to 64 lower-case letters, digits and hyphens: a name stays inside `templates/<name>/`.
    static func checkName(_ name: String) throws {
        guard Validate.isLowerName(name) else {
            let shown = String(
                name.prefix(40).unicodeScalars.map {
                    $0.isASCII && $0.value >= 0x20 ? String($0) : "\\u{\(String($0.value, radix: 16))}"
                }.joined()
            )
            throw DomainError.malformed(
                "template name '\(shown)' must be 1 to 64 lower-case letters, digits and hyphens "
                    + "(such as termination-notice): no '/', '.', '%' or control characters"
            )
        }
    }

    static func check(_ template: ManagedTemplate) throws {
        try checkName(template.name)
        let parts = [("subject", template.subject), ("text", template.text), ("html", template.html)]
        for (part, content) in parts { try checkPart(part, content) }
        try checkSubject(template.subject)
        try checkDeclarations(template)
        for (part, content) in parts { try checkPlaceholders(part, content, declared: Set(template.variables)) }
        let used = Set(parts.flatMap { TemplateRenderer.placeholders(in: $0.1) })
        if let unused = template.required.first(where: { !used.contains($0) }) {
            throw DomainError.malformed("required variable '\(unused)' is used in no part of the template")
        }
        try checkHTML(template.html)
    }

    private static func checkPart(_ part: String, _ content: String) throws {
        let bytes = content.utf8.count
        guard bytes <= maximumPartBytes else {
            throw DomainError.malformed(
                "\(part) is \(bytes) bytes; each part may be at most \(maximumPartBytes) bytes (256 KB)"
            )
        }
        guard !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DomainError.malformed("\(part) is empty")
        }
        if let bad = content.unicodeScalars.firstIndex(where: isForbiddenControl) {
            let code = String(content.unicodeScalars[bad].value, radix: 16, uppercase: true)
            throw DomainError.malformed(
                "\(part) line \(line(of: bad, in: content)) holds the control character U+\(code)"
            )
        }
    }

    private static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t") || scalar.value == 0x7F
    }

    private static func checkSubject(_ subject: String) throws {
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        if let index = subject.unicodeScalars.firstIndex(where: { $0 == "\r" || $0 == "\n" }) {
            let before = String(subject.unicodeScalars[..<index]).suffix(40)
            throw DomainError.malformed("subject must be one line: it holds a line break (CR or LF) after '\(before)'")
        }
    }

    private static func checkDeclarations(_ template: ManagedTemplate) throws {
        guard template.variables.count <= maximumVariables else {
            throw DomainError.malformed("variables may declare at most \(maximumVariables) names")
        }
        var seen = Set<String>()
        for name in template.variables {
            guard Validate.isValueName(name) else {
                throw DomainError.malformed("variable '\(name.prefix(40))' is not a name (letters, digits and _)")
            }
            guard seen.insert(name).inserted else {
                throw DomainError.malformed("variable '\(name)' is declared twice")
            }
        }
        if let stray = template.required.first(where: { !seen.contains($0) }) {
            throw DomainError.malformed("required names '\(stray.prefix(40))', which variables does not declare")
        }
        guard Set(template.required).count == template.required.count else {
            throw DomainError.malformed("required lists a variable twice")
        }
    }

    private static func checkPlaceholders(_ part: String, _ content: String, declared: Set<String>) throws {
        if let stray = TemplateRenderer.strayOpenings(in: content).first {
            let shown = content[stray...].prefix(30)
            throw DomainError.malformed(
                "\(part) line \(line(of: stray, in: content)): '\(shown)' is not a placeholder "
                    + "({{name}}, the name letters, digits and _)"
            )
        }
        var position = content.startIndex
        for name in TemplateRenderer.placeholders(in: content) {
            guard let found = content.range(of: name, range: position..<content.endIndex) else { continue }
            position = found.upperBound
            if !declared.contains(name) {
                throw DomainError.malformed(
                    "\(part) line \(line(of: found.lowerBound, in: content)): "
                        + "placeholder {{\(name)}} is not declared in variables"
                )
            }
        }
    }

    /// The 1-based line of `index`.
    static func line(of index: String.Index, in text: String) -> Int {
        text.unicodeScalars[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
