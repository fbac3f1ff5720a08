import Shared

/// The help texts, generated from the command table.
enum Help {
    static let synopsis =
        "Usage: testex-local [--state DIR] [--memory] [--no-drain] [--backend local|aws [--endpoint URL]] <command> ..."

    /// `testex-local help`: every command, then what applies to all of them.
    static var text: String {
        """
        testex-local — run the TESTEX functions on local AWS stand-ins

        \(synopsis)

        Commands:
        \(commandList.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))

        Global options:
        \(describe(Commands.globalOptions.map { ($0.synopsis, $0.help) }))

        Functions: \(FunctionName.allCases.map(\.rawValue).joined(separator: ", "))
        (router names, kebab names or deployed names).
        Files: wherever a FILE is taken, any readable path works (/dev/stdin, <(...)); `-` (and `@-` for
        --body) is standard input.
        Backend: --backend aws keeps tables, objects and mail in DynamoDB, S3 and SES at --endpoint URL
        (e.g. moto_server) or in AWS itself (AWS_REGION and the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
        credentials); logs and copies of mail stay local.
        Environment: ENVIRONMENT (development|staging|production), LOG_LEVEL (DEBUG|INFO|WARN|ERROR), DEBUG,
        SENDER_EMAIL, ARCHIVE_AFTER_DAYS (default 30), AWS_REGION (default us-east-1), TESTEX_NOW (ISO-8601;
        fixes the clock), TESTEX_TIMEOUT_SCALE (multiplies the functions' timeouts, e.g. under a debugger).
        Asynchronous invocations run after each command that runs functions; --no-drain leaves them queued.

        \(exitCodes)

        Run 'testex-local help <command>' (or '<command> --help') for a command's arguments and options.
        """
    }

    static let exitCodes = """
        Exit codes: 0 success (api: HTTP status < 400); 1 a handler raised, or the command failed;
        2 a usage error or unreadable or malformed input (one line on stderr, nothing written);
        4 a 4xx answer of api, or what a reading command names does not exist (item, bucket, object,
        message, invocation) or a link is refused; 5 a 5xx answer of api.
        """

    /// Each command's usage line and summary: the README's CLI reference shows exactly this.
    static var commandList: String {
        Commands.all.map { "\($0.usage)\n    \($0.summary)" }.joined(separator: "\n")
    }

    /// `testex-local <command> --help`.
    static func text(for spec: CommandSpec) -> String {
        var sections = [
            "Usage: testex-local \(spec.usage)", spec.summary.prefix(1).uppercased() + spec.summary.dropFirst() + ".",
        ]
        if !spec.details.isEmpty { sections.append(spec.details) }
        if !spec.arguments.isEmpty {
            sections.append("Arguments:\n" + describe(spec.arguments.map { ($0.name, $0.help) }))
        }
        if !spec.options.isEmpty {
            sections.append(
                "Options:\n" + describe(spec.options.map { ($0.synopsis + ($0.repeats ? " ..." : ""), $0.help) })
            )
        }
        sections.append("Global options (--state, --memory, ...) and exit codes: testex-local help")
        return sections.joined(separator: "\n\n")
    }

    /// `testex-local db --help`: the group's commands.
    static func text(forGroup group: String) -> String {
        let members = Commands.all.filter { $0.words.first == group }
        let defaultNote =
            members.first(where: \.isDefault).map {
                "\n\n`testex-local \(group)` alone runs `\($0.words.joined(separator: " "))`."
            } ?? ""
        return "Usage: testex-local \(group) <\(members.map { $0.words[1] }.joined(separator: "|"))> ...\n\n"
            + members.map { "  \($0.usage)\n      \($0.summary)" }.joined(separator: "\n") + defaultNote
            + "\n\nRun 'testex-local help \(group) <subcommand>' for its options."
    }

    /// Two columns: the name, and its help wrapped at 100 columns.
    private static func describe(_ rows: [(String, String)]) -> String {
        let indent = String(repeating: " ", count: 26)
        return rows.map { name, help in
            let lines = wrap(help, width: 100 - indent.count)
            let first =
                name.count < 24
                ? "  " + name.padding(toLength: 24, withPad: " ", startingAt: 0) + lines[0]
                : "  \(name)\n\(indent)\(lines[0])"
            return ([first] + lines.dropFirst().map { indent + $0 }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }
}
