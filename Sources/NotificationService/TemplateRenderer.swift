import Foundation
import Shared

/// An email template: subject, text and HTML parts with `{{name}}` placeholders, and the values
/// a send must give.
struct EmailTemplate: Sendable {
    let name: String
    let subject: String
    let text: String
    let html: String
    /// The declared required variables, and any placeholder the template uses undeclared.
    let required: Set<String>

    init(name: String, subject: String, text: String, html: String, required: Set<String>? = nil) {
        self.name = name
        self.subject = subject
        self.text = text
        self.html = html
        self.required = required ?? Set([subject, text, html].flatMap(TemplateRenderer.placeholders))
    }

    /// A managed template's version: its optional variables may be left out of a send.
    init(_ template: ManagedTemplate) {
        let used = Set([template.subject, template.text, template.html].flatMap(TemplateRenderer.placeholders))
        self.init(
            name: template.name,
            subject: template.subject,
            text: template.text,
            html: template.html,
            required: Set(template.required).union(used.subtracting(template.variables))
        )
    }

    /// The placeholder names the template uses, in any part.
    var placeholders: Set<String> {
        Set([subject, text, html].flatMap(TemplateRenderer.placeholders))
    }
}

/// The three parts of a rendered email.
struct RenderedEmail: Sendable, Hashable {
    let subject: String
    let text: String
    let html: String
}

/// Substitutes named values: as they are in the subject and text part, HTML-escaped in the HTML
/// part. A required value the request lacks is an error naming it; an optional one left out is empty.
enum TemplateRenderer {
    /// What a send renders, and a preview shows: the values with the environment's `reply_to`.
    static func render(_ template: EmailTemplate, values: [String: String], replyTo: String) throws -> RenderedEmail {
        var values = values
        values["reply_to"] = replyTo
        return try render(template, values: values)
    }

    static func render(_ template: EmailTemplate, values: [String: String]) throws -> RenderedEmail {
        let missing = template.required.subtracting(values.keys).sorted()
        guard missing.isEmpty else {
            throw DomainError.invalid(
                "template \(template.name) needs the value\(missing.count > 1 ? "s" : "") "
                    + "\(missing.map { "'\($0)'" }.joined(separator: ", "))"
            )
        }
        let subject = substitute(template.subject, values: values, escape: { $0 }).trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard !subject.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw DomainError.invalid("a value used in the subject of \(template.name) contains a line break")
        }
        return RenderedEmail(
            subject: subject,
            text: substitute(template.text, values: values, escape: { $0 }),
            html: substitute(template.html, values: values, escape: escapeHTML)
        )
    }

    static func placeholders(in text: String) -> [String] {
        matches(in: text).map(\.name)
    }

    /// Each `{{` that does not open a placeholder (an unclosed one, or a name that is not one).
    static func strayOpenings(in text: String) -> [String.Index] {
        let opened = Set(matches(in: text).map(\.range.lowerBound))
        var stray: [String.Index] = []
        var searchStart = text.startIndex
        while let open = text.range(of: "{{", range: searchStart..<text.endIndex) {
            if opened.contains(open.lowerBound) {
                searchStart = text.range(of: "}}", range: open.upperBound..<text.endIndex)?.upperBound ?? text.endIndex
            } else {
                stray.append(open.lowerBound)
                searchStart = open.upperBound
            }
        }
        return stray
    }

    static func escapeHTML(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.count)
        for character in value {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func substitute(_ text: String, values: [String: String], escape: (String) -> String) -> String {
        var result = ""
        var position = text.startIndex
        for match in matches(in: text) {
            result += text[position..<match.range.lowerBound]
            result += escape(values[match.name] ?? "")
            position = match.range.upperBound
        }
        result += text[position...]
        return result
    }

    private static func matches(in text: String) -> [(name: String, range: Range<String.Index>)] {
        var found: [(String, Range<String.Index>)] = []
        var searchStart = text.startIndex
        while let open = text.range(of: "{{", range: searchStart..<text.endIndex),
            let close = text.range(of: "}}", range: open.upperBound..<text.endIndex)
        {
            let name = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                found.append((name, open.lowerBound..<close.upperBound))
                searchStart = close.upperBound
            } else {
                searchStart = open.upperBound
            }
        }
        return found
    }
}
