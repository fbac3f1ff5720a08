/// `help [command]` and `version`. The command line resolver answers them before a state is
/// opened (`CommandResolver`); these run them when the table's entry is called directly.
enum HelpCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        context.console.out(try CommandResolver.helpText(context.arguments.words))
        return TestexLocal.Exit.success
    }

    @Sendable static func version(_ context: CommandContext) async throws -> Int32 {
        try context.arguments.finish()
        context.console.out("testex-local \(TestexLocal.version)")
        return TestexLocal.Exit.success
    }
}
