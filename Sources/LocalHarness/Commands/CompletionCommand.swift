/// `completion bash|zsh`: the completion script, generated from the command table.
enum CompletionCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let shell = try context.arguments.next("shell (bash or zsh)")
        try context.arguments.finish()
        switch shell {
        case "bash": context.console.out(ShellCompletion.bash)
        case "zsh": context.console.out(ShellCompletion.zsh)
        default: throw UsageError("no completion for '\(shell)'; bash or zsh")
        }
        return TestexLocal.Exit.success
    }
}
