/// Finds the command a command line names in the table, or the help it asks for. The command's
/// words come first (after the global options); `--help` or `-h` anywhere after them, unless it
/// is an option's value or follows `--`, asks for the command's help.
enum CommandResolver {
    enum Resolution {
        /// The command and the words after its name.
        case command(CommandSpec, [String])
        /// Text for stdout, exit 0 (help, version).
        case text(String)
    }

    static func resolve(_ words: [String]) throws -> Resolution {
        guard let first = words.first else { return .text(Help.text) }
        let rest = Array(words.dropFirst())
        if ["help", "version"].contains(first), rest.contains(where: { $0 == "--help" || $0 == "-h" }),
            let spec = Commands.all.first(where: { $0.words == [first] })
        {
            return .text(Help.text(for: spec))
        }
        switch first {
        case "--help", "-h": return .text(Help.text)
        case "help": return .text(try helpText(rest))
        case "--version", "version":
            try Arguments(rest).finish()
            return .text("testex-local \(TestexLocal.version)")
        default: break
        }
        guard !first.hasPrefix("-") else {
            throw UsageError(
                "unknown option \(first); the command comes first: testex-local [global options] <command> ..."
            )
        }
        if isGroup(first), words.count > 1, ["--help", "-h"].contains(words[1]) {
            return .text(Help.text(forGroup: first))
        }
        let (spec, arguments) = try command(words)
        return wantsHelp(arguments, spec) ? .text(Help.text(for: spec)) : .command(spec, arguments)
    }

    /// `help`, `help db`, `help db scan`.
    static func helpText(_ words: [String]) throws -> String {
        guard let first = words.first else { return Help.text }
        if words.count == 1, isGroup(first) { return Help.text(forGroup: first) }
        let (spec, rest) = try command(words)
        try Arguments(rest).finish()
        return Help.text(for: spec)
    }

    private static func isGroup(_ word: String) -> Bool {
        Commands.all.contains { $0.words.count > 1 && $0.words[0] == word }
    }

    /// The command named by the first words, and the words after its name.
    private static func command(_ words: [String]) throws -> (CommandSpec, [String]) {
        let first = words[0]
        guard isGroup(first) else {
            guard let spec = Commands.all.first(where: { $0.words == [first] }) else {
                throw UsageError("unknown command '\(first)'; run 'testex-local help'")
            }
            return (spec, Array(words.dropFirst()))
        }
        let members = Commands.all.filter { $0.words.first == first }
        let names = members.map { $0.words[1] }.joined(separator: ", ")
        let second = words.count > 1 ? words[1] : nil
        if let second, let spec = members.first(where: { $0.words[1] == second }) {
            return (spec, Array(words.dropFirst(2)))
        }
        if let second, !second.hasPrefix("-") {
            throw UsageError("unknown \(first) subcommand '\(second)'; one of \(names)")
        }
        guard let fallback = members.first(where: \.isDefault) else {
            throw UsageError("\(first) needs a subcommand: one of \(names)")
        }
        return (fallback, Array(words.dropFirst()))
    }

    /// Whether the words ask for help: `--help` or `-h` that is not an option's value and does not follow `--`.
    private static func wantsHelp(_ words: [String], _ spec: CommandSpec) -> Bool {
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--" { return false }
            if word == "--help" || word == "-h" { return true }
            index += (spec.option(word) ?? Commands.globalOptions.first { $0.name == word })?.value == nil ? 1 : 2
        }
        return false
    }
}
