/// A usage error: said in one line, exit code 2, nothing written.
public struct UsageError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The words of a command line, consumed front to back; options may stand anywhere.
struct Arguments {
    private(set) var words: [String]

    init(_ words: [String]) {
        self.words = words
    }

    /// Removes `--name VALUE` (or `--name=VALUE`) and returns VALUE.
    mutating func option(_ name: String) throws -> String? {
        try options(name).last
    }

    /// Removes every `--name VALUE` and returns the values in order.
    mutating func options(_ name: String) throws -> [String] {
        var values: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--" { break }
            if word == name {
                guard index + 1 < words.count else { throw UsageError("\(name) needs a value") }
                values.append(words[index + 1])
                words.removeSubrange(index...(index + 1))
            } else if word.hasPrefix(name + "=") {
                values.append(String(word.dropFirst(name.count + 1)))
                words.remove(at: index)
            } else {
                index += 1
            }
        }
        return values
    }

    /// Removes `--name` and says whether it was there.
    mutating func flag(_ name: String) -> Bool {
        guard let index = words.firstIndex(of: name) else { return false }
        words.remove(at: index)
        return true
    }

    /// The next positional word, or a usage error naming what was expected.
    mutating func next(_ what: String) throws -> String {
        guard let word = nextIfPresent() else { throw UsageError("missing \(what)") }
        return word
    }

    mutating func nextIfPresent() -> String? {
        if words.first == "--" { words.removeFirst() }
        return words.isEmpty ? nil : words.removeFirst()
    }

    /// Fails on anything left over, e.g. a misspelt option.
    func finish() throws {
        if let extra = words.first {
            throw UsageError(extra.hasPrefix("-") ? "unknown option \(extra)" : "unexpected argument '\(extra)'")
        }
    }
}
