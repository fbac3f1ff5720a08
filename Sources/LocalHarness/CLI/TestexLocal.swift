import Foundation
import LocalAWS
import Shared

/// `testex-local`: parses the command line, opens the state, runs one command, returns the exit code.
public enum TestexLocal {
    public static let version = "0.1.0"

    /// Exit codes of the spec.
    public enum Exit {
        public static let success: Int32 = 0
        public static let handlerError: Int32 = 1
        public static let usage: Int32 = 2
        public static let clientError: Int32 = 4
        public static let serverError: Int32 = 5
    }

    /// Runs one command line (without the program name).
    public static func run(_ words: [String], environment: [String: String], console: Console,
                           standardInput: @escaping @Sendable () -> Data = { FileHandle.standardInput.readDataToEndOfFile() },
                           currentDirectory: String = FileManager.default.currentDirectoryPath) async -> Int32 {
        do {
            var arguments = Arguments(words)
            let stateOption = try arguments.option("--state")
            let memory = arguments.flag("--memory")
            let noDrain = arguments.flag("--no-drain")
            let backendOption = try arguments.option("--backend")
            let endpointOption = try arguments.option("--endpoint")
            guard let name = arguments.nextIfPresent() else {
                console.out(Help.text)
                return Exit.success
            }
            if ["help", "--help", "-h"].contains(name) {
                console.out(Help.text)
                return Exit.success
            }
            if ["--version", "version"].contains(name) {
                console.out("testex-local \(version)")
                return Exit.success
            }
            let backend = try Backend.resolve(backend: backendOption, endpoint: endpointOption, environment: environment)
            if memory, case .aws = backend { throw UsageError("--memory keeps everything in memory; it cannot be combined with --backend aws") }
            let context = try CommandContext(
                arguments: arguments, environment: environment, console: console, standardInput: standardInput,
                state: StateDirectory.resolve(option: stateOption, environment: environment, currentDirectory: currentDirectory),
                memory: memory, currentDirectory: currentDirectory, backend: backend)
            context.drainsAfterCommand = !noDrain
            guard let command = Commands.all[name] else {
                throw UsageError("unknown command '\(name)'; run 'testex-local help'")
            }
            let code = try await command(context)
            await context.drainAfterCommand()
            return code
        } catch let error as UsageError {
            console.err("testex-local: \(error.message)")
            return Exit.usage
        } catch let error as ConfigurationError {
            console.err("testex-local: \(error.message)")
            return Exit.usage
        } catch {
            console.err("testex-local: \(error)")
            return Exit.handlerError
        }
    }
}

/// What every command gets: its remaining arguments, the environment, the console, the state.
final class CommandContext: @unchecked Sendable {
    var arguments: Arguments
    let environment: [String: String]
    let console: Console
    let standardInput: @Sendable () -> Data
    let state: StateDirectory
    let memory: Bool
    let currentDirectory: String
    let configuration: Configuration
    let clock: Clock
    let backend: Backend
    /// Whether the asynchronous invocations a command queued run when it is done (`--no-drain` leaves them queued).
    var drainsAfterCommand = true
    /// The system of a command that runs functions, whose queue is drained after it.
    private(set) var systemToDrain: LocalSystem?
    /// Where presigned links point: `serve` sets its own address before opening the system.
    var linkEndpoint = LocalURLPresigner.defaultEndpoint

    init(arguments: Arguments, environment: [String: String], console: Console, standardInput: @escaping @Sendable () -> Data,
         state: StateDirectory, memory: Bool, currentDirectory: String, backend: Backend = .local) throws {
        self.arguments = arguments
        self.environment = environment
        self.console = console
        self.standardInput = standardInput
        self.state = state
        self.memory = memory
        self.backend = backend
        self.currentDirectory = currentDirectory
        self.configuration = try Configuration(variables: environment)
        if let now = environment["TESTEX_NOW"], !now.isEmpty {
            guard let date = Timestamp.parse(now) else { throw UsageError("TESTEX_NOW=\(now) is not an ISO-8601 time such as 2026-11-22T10:00:00Z") }
            self.clock = .constant(date)
        } else {
            self.clock = .live
        }
    }

    /// The system on this state (created and initialized on first use), in memory with `--memory`,
    /// or on AWS services with `--backend aws`. A command that runs functions says so, and the
    /// invocations they queue run after it.
    func openSystem(runsFunctions: Bool = false) async throws -> LocalSystem {
        var system = if case .aws(let remote) = backend {
            remote.open(state, configuration, clock)
        } else if memory {
            LocalSystem.memory(configuration: configuration, clock: clock, linkEndpoint: linkEndpoint)
        } else {
            LocalSystem.open(state: state, configuration: configuration, clock: clock, keys: try state.signingKeys(),
                             linkEndpoint: linkEndpoint)
        }
        system.backend = backend
        try await system.initialize()
        if runsFunctions { systemToDrain = system }
        return system
    }

    /// Runs what the command queued (and anything else due), as Lambda would once the command's
    /// invocation answered; failures and retries are told on stderr, the exit code is the command's.
    func drainAfterCommand() async {
        guard drainsAfterCommand, let system = systemToDrain else { return }
        do {
            DrainOutput.problems(try await system.drain(), console: console)
        } catch {
            console.err("testex-local: could not run the queued invocations: \(error)")
        }
    }

    /// Reads `FILE`, `@FILE` or `-` (standard input).
    func readInput(_ source: String) throws -> Data {
        if source == "-" { return standardInput() }
        let path = source.hasPrefix("@") ? String(source.dropFirst()) : source
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: currentDirectory).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw UsageError("cannot read \(path)") }
        return data
    }
}

/// The commands by name.
enum Commands {
    static let all: [String: @Sendable (CommandContext) async throws -> Int32] = [
        "invoke": InvokeCommand.run,
        "api": ApiCommand.run,
        "generate-event": GenerateEventCommand.run,
        "init": StateCommands.initialize,
        "reset": StateCommands.reset,
        "db": DbCommand.run,
        "s3": S3Command.run,
        "outbox": OutboxCommand.run,
        "logs": LogsCommand.run,
        "demo": DemoCommand.run,
        "queue": QueueCommand.run,
        "schedule": ScheduleCommand.run,
        "doctor": DoctorCommand.run,
        "token": TokenCommand.run,
        "openapi": OpenAPICommand.run,
        "serve": ServeCommand.run,
    ]
}
