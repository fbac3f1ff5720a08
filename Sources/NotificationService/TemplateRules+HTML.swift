import Foundation
import Shared

extension TemplateRules {
    /// Elements that have no end tag.
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
    /// Elements that run or embed active content, which no email may carry.
    static let forbiddenElements: Set<String> = ["script", "iframe", "object", "embed", "applet", "frame", "frameset"]

    /// Balanced tags (every element but the void ones closed, in order), comments and the
    /// doctype closed, no bare `<`, no active elements, no `on...` event-handler attributes and
    /// no `javascript:` links.
    static func checkHTML(_ html: String) throws {
        var open: [(name: String, line: Int)] = []
        var scanner = HTMLScanner(html)
        while let tag = try scanner.nextTag() {
            let line = TemplateRules.line(of: tag.start, in: html)
            if tag.closing {
                guard let last = open.popLast() else {
                    throw DomainError.malformed("html line \(line): </\(tag.name)> closes no open element")
                }
                guard last.name == tag.name else {
                    throw DomainError.malformed(
                        "html line \(line): </\(tag.name)> closes <\(last.name)> (opened on line \(last.line))"
                    )
                }
                continue
            }
            try checkElement(tag, line: line)
            if !tag.selfClosing && !voidElements.contains(tag.name) { open.append((tag.name, line)) }
        }
        if let unclosed = open.last {
            throw DomainError.malformed("html line \(unclosed.line): <\(unclosed.name)> is never closed")
        }
    }

    private static func checkElement(_ tag: HTMLScanner.Tag, line: Int) throws {
        guard !forbiddenElements.contains(tag.name) else {
            throw DomainError.malformed("html line \(line): <\(tag.name)> is not allowed in an email")
        }
        for (name, value) in tag.attributes {
            if name.hasPrefix("on") {
                throw DomainError.malformed(
                    "html line \(line): the event-handler attribute \(name) of <\(tag.name)> is not allowed"
                )
            }
            let link = value.lowercased().filter { !$0.isWhitespace }
            if link.hasPrefix("javascript:") || link.hasPrefix("vbscript:") {
                throw DomainError.malformed("html line \(line): \(name) of <\(tag.name)> links to a script")
            }
        }
    }
}

/// Reads an HTML part tag by tag, skipping text, comments and the doctype.
struct HTMLScanner {
    struct Tag {
        let name: String
        let closing: Bool
        let selfClosing: Bool
        /// Lower-cased names, values without their quotes.
        let attributes: [(String, String)]
        let start: String.Index
    }

    private let html: String
    private var position: String.Index

    init(_ html: String) {
        self.html = html
        position = html.startIndex
    }

    mutating func nextTag() throws -> Tag? {
        while let open = html[position...].firstIndex(of: "<") {
            let rest = html[open...]
            if rest.hasPrefix("<!--") {
                guard let end = html.range(of: "-->", range: html.index(open, offsetBy: 4)..<html.endIndex) else {
                    throw failure(at: open, "a comment is never closed (-->)")
                }
                position = end.upperBound
            } else if rest.hasPrefix("<!") || rest.hasPrefix("<?") {
                guard let end = rest.firstIndex(of: ">") else { throw failure(at: open, "'<!' is never closed (>)") }
                position = html.index(after: end)
            } else {
                return try tag(at: open)
            }
        }
        return nil
    }

    private mutating func tag(at open: String.Index) throws -> Tag {
        var index = html.index(after: open)
        let closing = index < html.endIndex && html[index] == "/"
        if closing { index = html.index(after: index) }
        let nameEnd =
            html[index...].firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) }
            ?? html.endIndex
        let name = html[index..<nameEnd].lowercased()
        guard let first = name.first, first.isLetter else {
            throw failure(at: open, "a bare '<' (write &lt; for the character)")
        }
        var attributes: [(String, String)] = []
        index = nameEnd
        while true {
            while index < html.endIndex, html[index].isWhitespace { index = html.index(after: index) }
            guard index < html.endIndex else { throw failure(at: open, "<\(name) is never closed (>)") }
            if html[index] == ">" {
                position = html.index(after: index)
                return Tag(name: name, closing: closing, selfClosing: false, attributes: attributes, start: open)
            }
            if html[index...].hasPrefix("/>") {
                position = html.index(index, offsetBy: 2)
                return Tag(name: name, closing: closing, selfClosing: true, attributes: attributes, start: open)
            }
            guard !closing else { throw failure(at: open, "</\(name) holds more than its name") }
            attributes.append(try attribute(at: &index, tag: name, open: open))
        }
    }

    private func attribute(at index: inout String.Index, tag: String, open: String.Index) throws -> (String, String) {
        let nameEnd = html[index...].firstIndex { $0.isWhitespace || "=>/\"'<".contains($0) } ?? html.endIndex
        guard nameEnd > index else { throw failure(at: open, "<\(tag) has a malformed attribute") }
        let name = html[index..<nameEnd].lowercased()
        index = nameEnd
        while index < html.endIndex, html[index].isWhitespace { index = html.index(after: index) }
        guard index < html.endIndex, html[index] == "=" else { return (name, "") }
        index = html.index(after: index)
        while index < html.endIndex, html[index].isWhitespace { index = html.index(after: index) }
        guard index < html.endIndex else { throw failure(at: open, "<\(tag) is never closed (>)") }
        if html[index] == "\"" || html[index] == "'" {
            let quote = html[index]
            let valueStart = html.index(after: index)
            guard let close = html[valueStart...].firstIndex(of: quote) else {
                throw failure(at: open, "the value of \(name) in <\(tag) is never closed (\(quote))")
            }
            index = html.index(after: close)
            return (name, String(html[valueStart..<close]))
        }
        let valueEnd = html[index...].firstIndex { $0.isWhitespace || $0 == ">" } ?? html.endIndex
        defer { index = valueEnd }
        return (name, String(html[index..<valueEnd]))
    }

    private func failure(at index: String.Index, _ problem: String) -> DomainError {
        .malformed("html line \(TemplateRules.line(of: index, in: html)): \(problem)")
    }
}
