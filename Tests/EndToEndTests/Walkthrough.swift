import Foundation

/// The README's walkthrough as steps: each `$ ` command (with its `\` continuation lines) and
/// the output shown under it, up to the next `$ ` line.
///
/// Shown output matches what a command prints when, line by line and after `normalize` on
/// both sides, the lines are equal; a line `...` (indented or not) stands for any number of
/// lines, and `...` inside a line for any text.
struct Walkthrough {
    struct Step {
        /// The README's line number of the `$ `.
        let line: Int
        let command: String
        let expected: [String]
    }

    let steps: [Step]

    /// The steps of the section titled `heading` (up to the next `## `).
    init(markdown: String, heading: String) throws {
        let lines = markdown.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: heading) else {
            throw WalkthroughError("README.md has no '\(heading)' heading")
        }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("## ") } ?? lines.endIndex
        var steps: [Step] = []
        var inBlock = false
        var index = start + 1
        while index < end {
            let line = lines[index]
            if line.hasPrefix("```") {
                inBlock.toggle()
            } else if inBlock, line.hasPrefix("$ ") {
                var command = String(line.dropFirst(2))
                while command.hasSuffix("\\"), index + 1 < end {
                    index += 1
                    command += "\n" + lines[index]
                }
                steps.append(Step(line: index + 1, command: command, expected: []))
            } else if inBlock, let last = steps.last {
                steps[steps.count - 1] = Step(line: last.line, command: last.command, expected: last.expected + [line])
            }
            index += 1
        }
        self.steps = steps.map { Step(line: $0.line, command: $0.command, expected: Walkthrough.trimmed($0.expected)) }
    }

    static func trimmed(_ lines: [String]) -> [String] {
        var lines = lines
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines
    }

    /// What differs from run to run, replaced by a placeholder: times, request and message ids,
    /// durations and memory, passwords, the state directory's path, stream instance ids.
    static func normalize(_ line: String) -> String {
        var text = line
        let rules: [(Regex<Substring>, String)] = [
            (/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/, "<time>"),
            (/[0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000/, "<message-id>"),
            (/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, "<uuid>"),
            (/Billed Duration: [0-9.]+ ms/, "Billed Duration: <n> ms"),
            (/Init Duration: [0-9.]+ ms/, "Init Duration: <n> ms"),
            (/Duration: [0-9.]+ ms/, "Duration: <n> ms"),
            (/Max Memory Used: \d+ MB/, "Max Memory Used: <n> MB"),
            (/password: \S+/, "password: <password>"),
            (/(?:\/[^\s"']*)?\/\.testex/, "<state>"),
            (/\[\$LATEST\][0-9a-f]{32}/, "[$LATEST]<id>"),
            (/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/, "<token>"),
        ]
        for (pattern, replacement) in rules {
            text = text.replacing(pattern, with: replacement)
        }
        return text
    }

    /// Whether `actual` is what `expected` shows (both normalized by the caller).
    static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first.trimmingCharacters(in: .whitespaces) == "..." {
            return (actual.startIndex...actual.endIndex).contains { matches(expected.dropFirst(), actual[$0...]) }
        }
        guard let line = actual.first, lineMatches(first, line) else { return false }
        return matches(expected.dropFirst(), actual.dropFirst())
    }

    /// One line, `...` inside it standing for any text.
    static func lineMatches(_ pattern: String, _ line: String) -> Bool {
        let parts = pattern.components(separatedBy: "...")
        guard parts.count > 1 else { return pattern == line }
        guard line.hasPrefix(parts[0]), line.hasSuffix(parts[parts.count - 1]),
            line.count >= parts[0].count + parts[parts.count - 1].count
        else { return false }
        var rest = line.dropFirst(parts[0].count).dropLast(parts[parts.count - 1].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }
}

struct WalkthroughError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
