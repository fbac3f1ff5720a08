import Cryptography
import Foundation
import LocalAWS
import Shared
import WireFormat

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
    public static func run(
        _ words: [String],
        environment: [String: String],
        console: Console,
        standardInput: @escaping @Sendable () -> Data = { FileHandle.standardInput.readDataToEndOfFile() },
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) async -> Int32 {
        defer { LibCrypto.waitUntilPrepared() }
        do {
            var arguments = Arguments(words)
            let stateOption = try arguments.option("--state")
            let memory = arguments.flag("--memory")
            let noDrain = arguments.flag("--no-drain")
            let backendOption = try arguments.option("--backend")
            let endpointOption = try arguments.option("--endpoint")
            guard !arguments.words.isEmpty else {
                console.err(Help.text)
                return Exit.usage
            }
            guard let (spec, rest) = try command(arguments.words, console: console) else { return Exit.success }
            // Tokens, links, ETags and signatures need libcrypto: it opens beside the command's first steps.
            LibCrypto.prepare()
            let backend = try Backend.resolve(
                backend: backendOption,
                endpoint: endpointOption,
                environment: environment
            )
            if memory, case .aws = backend {
                throw UsageError("--memory keeps everything in memory; it cannot be combined with --backend aws")
            }
            let context = try CommandContext(
                arguments: Arguments(rest),
                environment: environment,
                console: console,
                standardInput: standardInput,
                state: StateDirectory.resolve(
                    option: stateOption,
                    environment: environment,
                    currentDirectory: currentDirectory
                ),
                memory: memory,
                currentDirectory: currentDirectory,
                backend: backend
            )
            context.drainsAfterCommand = !noDrain
            return try await run(spec, context)
        } catch {
            return report(error, console: console)
        }
    }

    /// The command the words name with its own words, or nil when they ask for a text (help,
    /// version), which is printed.
    private static func command(_ words: [String], console: Console) throws -> (CommandSpec, [String])? {
        switch try CommandResolver.resolve(words) {
        case .text(let text):
            console.out(text)
            return nil
        case .command(let command, let words): return (command, words)
        }
    }

    /// Runs the command on its context, then what it queued (unless `--no-drain`).
    private static func run(_ spec: CommandSpec, _ context: CommandContext) async throws -> Int32 {
        if !context.memory { try context.state.refuseNewerFormat() }
        let code = try await spec.run(context)
        await context.drainAfterCommand()
        return code
    }

    /// The error in one line on stderr, and its exit code: usage (2), not found (4), any other failure (1).
    private static func report(_ error: Error, console: Console) -> Int32 {
        switch error {
        case let error as UsageError:
            console.err("testex-local: \(error.message)")
            return Exit.usage
        case let error as ConfigurationError:
            console.err("testex-local: \(error.message)")
            return Exit.usage
        case let error as NotFound:
            console.err("testex-local: \(error.message)")
            return Exit.clientError
        default:
            console.err("testex-local: \(error)")
            return Exit.handlerError
        }
    }
}

/// What a reading command names does not exist (an item, bucket, object, message, invocation):
/// said in one line, exit code 4, as a 404 answer would be.
struct NotFound: Error {
    let message: String
    init(_ message: String) { self.message = message }
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

    init(
        arguments: Arguments,
        environment: [String: String],
        console: Console,
        standardInput: @escaping @Sendable () -> Data,
        state: StateDirectory,
        memory: Bool,
        currentDirectory: String,
        backend: Backend = .local
    ) throws {
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
            guard let date = Timestamp.parse(now) else {
                throw UsageError("TESTEX_NOW=\(now) is not an ISO-8601 time such as 2026-11-22T10:00:00Z")
            }
            self.clock = .constant(date)
        } else {
            self.clock = .live
        }
    }

    /// The system on this state (created and initialized on first use), in memory with `--memory`,
    /// or on AWS services with `--backend aws`. A command that runs functions says so, and the
    /// invocations they queue run after it.
    func openSystem(runsFunctions: Bool = false) async throws -> LocalSystem {
        var system =
            if case .aws(let remote) = backend {
                try remote.open(state, configuration, clock)
            } else if memory {
                LocalSystem.memory(configuration: configuration, clock: clock, linkEndpoint: linkEndpoint)
            } else {
                LocalSystem.open(
                    state: state,
                    configuration: configuration,
                    clock: clock,
                    keys: try state.signingKeys(),
                    linkEndpoint: linkEndpoint
                )
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
        if let failure = system.logWriter.failure { console.err("testex-local: \(failure)") }
    }

    /// Reads `FILE`, `@FILE`, or `-` and `@-` (standard input). Any readable path works: a FIFO,
    /// `/dev/stdin`, the `/dev/fd/N` of a shell's `<(...)`; it is read to its end once.
    func readInput(_ source: String) throws -> Data {
        if source == "-" || source == "@-" { return standardInput() }
        let path = source.hasPrefix("@") ? String(source.dropFirst()) : source
        guard !path.isEmpty else { throw UsageError("an empty file name; give a path, or - for standard input") }
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path) : URL(fileURLWithPath: currentDirectory).appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw UsageError("cannot read \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw UsageError("cannot read \(path): it is a directory") }
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            return try handle.readToEnd() ?? Data()
        } catch {
            throw UsageError("cannot read \(path): \((error as NSError).localizedFailureReason ?? "\(error)")")
        }
    }

    /// `--output json|text` (text when absent).
    func outputFormat() throws -> OutputFormat {
        let value = try arguments.option("--output")
        switch value {
        case nil, "text": return .text
        case "json": return .json
        default: throw UsageError("--output must be json or text, not '\(value ?? "")'")
        }
    }
}

/// How a listing or reading command prints: for people, or as JSON for scripts.
enum OutputFormat {
    case text, json
}
