/// One command of `testex-local` as the command table declares it: the words naming it, its
/// arguments and options (from which its usage line, its `--help` and the shell completion are
/// generated), and what runs it.

struct CommandSpec: Sendable {
    /// `["db", "scan"]`.
    let words: [String]
    let arguments: [ArgumentSpec]
    let options: [OptionSpec]
    /// One line: what the command does.
    let summary: String
    /// More help for `--help`: what it prints, what it accepts, examples (may be empty).
    let details: String
    /// Runs when its group is named alone (`outbox` runs `outbox list`).
    let isDefault: Bool
    let run: @Sendable (CommandContext) async throws -> Int32

    init(
        _ words: [String],
        _ arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [],
        summary: String,
        details: String = "",
        isDefault: Bool = false,
        run: @escaping @Sendable (CommandContext) async throws -> Int32
    ) {
        self.words = words
        self.arguments = arguments
        self.options = options
        self.summary = summary
        self.details = details
        self.isDefault = isDefault
        self.run = run
    }

    /// `db scan <table> [--output json|text] [--dynamodb-json]`.
    var usage: String {
        (words + arguments.map(\.usage) + options.map(\.usage)).joined(separator: " ")
    }

    /// The option named `name`, if the command takes it.
    func option(_ name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }
}

/// A positional argument.
struct ArgumentSpec: Sendable {
    /// `<table>`, `<METHOD>`, `[id]`: as the usage line shows it.
    let name: String
    let help: String
    let optional: Bool
    let completion: Completion

    init(_ name: String, _ help: String, optional: Bool = false, completion: Completion = .none) {
        self.name = name
        self.help = help
        self.optional = optional
        self.completion = completion
    }

    var usage: String { optional ? "[\(name)]" : name }
}

/// An option: a flag (`--async`) or one taking a value (`--event FILE|-`).
struct OptionSpec: Sendable {
    let name: String
    /// The value's placeholder (`FILE|-`); nil for a flag.
    let value: String?
    let help: String
    let required: Bool
    /// May be given several times (`--header K:V ...`).
    let repeats: Bool
    let completion: Completion

    /// A flag.
    init(_ name: String, _ help: String) {
        self.init(name, nil, help)
    }

    init(
        _ name: String,
        _ value: String?,
        _ help: String,
        required: Bool = false,
        repeats: Bool = false,
        completion: Completion = .none
    ) {
        self.name = name
        self.value = value
        self.help = help
        self.required = required
        self.repeats = repeats
        self.completion = completion
    }

    var usage: String {
        (required ? synopsis : "[\(synopsis)]") + (repeats ? "..." : "")
    }

    /// `--event FILE|-`, as the option list of `--help` names it.
    var synopsis: String {
        value.map { "\(name) \($0)" } ?? name
    }

    /// `--output json|text`, on every listing and reading command.
    static let output = OptionSpec(
        "--output",
        "json|text",
        "json: one JSON document (JSON lines for logs), for scripts; text (the default): for people",
        completion: .words(["json", "text"])
    )
}

/// What a shell completes an argument or option value to.
enum Completion: Sendable, Equatable {
    case none
    case files
    case directories
    case functions
    case tables
    case rules
    case words([String])
}
