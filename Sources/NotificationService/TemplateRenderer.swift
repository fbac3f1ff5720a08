import Foundation
import Shared

/// An email template: subject, text and HTML parts with `{{name}}` placeholders.
struct EmailTemplate: Sendable {
    let name: String
    let subject: String
    let text: String
    let html: String

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
/// part. A value the template uses but the request lacks is an error naming it.
enum TemplateRenderer {
    static func render(_ template: EmailTemplate, values: [String: String]) throws -> RenderedEmail {
        let missing = template.placeholders.subtracting(values.keys).sorted()
        guard missing.isEmpty else {
            throw DomainError.invalid("template \(template.name) needs the value\(missing.count > 1 ? "s" : "") \(missing.map { "'\($0)'" }.joined(separator: ", "))")
        }
        let subject = substitute(template.subject, values: values, escape: { $0 }).trimmingCharacters(in: .whitespacesAndNewlines)
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard !subject.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw DomainError.invalid("a value used in the subject of \(template.name) contains a line break")
        }
        return RenderedEmail(subject: subject,
                             text: substitute(template.text, values: values, escape: { $0 }),
                             html: substitute(template.html, values: values, escape: escapeHTML))
    }

    static func placeholders(in text: String) -> [String] {
        matches(in: text).map(\.name)
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
              let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) {
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
