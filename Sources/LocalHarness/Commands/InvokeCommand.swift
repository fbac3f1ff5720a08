import Foundation
import Shared
import WireFormat

/// `invoke <Function> [--event FILE|-] [--async]`: one synchronous invocation, the result on
/// stdout; with `--async` an Event invocation, answered 202 and run after the command.
enum InvokeCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let eventSource = try context.arguments.option("--event")
        let async = context.arguments.flag("--async")
        let name = try context.arguments.next("function name (e.g. ApiGateway)")
        try context.arguments.finish()
        let function = try function(named: name)
        let payload = try eventSource.map { try context.readInput($0) } ?? Data("{}".utf8)
        guard (try? JSONValueParser.parse(payload)) != nil else {
            throw UsageError("the event \(eventSource ?? "") is not valid JSON")
        }
        let system = try await context.openSystem(runsFunctions: true)
        if async {
            do {
                context.console.out(
                    JSON.string(
                        try await system.lambda.invokeAsync(function, payload: payload, parent: nil),
                        pretty: true
                    )
                )
                return TestexLocal.Exit.success
            } catch let error as FunctionError {
                context.console.out(JSON.string(error, pretty: true))
                context.console.err("testex-local: Lambda refused the invocation: \(error.errorType)")
                return TestexLocal.Exit.usage
            }
        }
        return await invoke(function, payload: payload, system: system, console: context.console)
    }

    /// A function by its router, kebab or deployed name.
    static func function(named name: String) throws -> FunctionName {
        guard let function = FunctionName(lenient: name) else {
            let names = FunctionName.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("unknown function '\(name)'; one of \(names)")
        }
        return function
    }

    /// Prints the result, or the Lambda error payload; a malformed event is a usage error (2).
    static func invoke(_ function: FunctionName, payload: Data, system: LocalSystem, console: Console) async -> Int32 {
        do {
            let result = try await system.invoke(function, payload: payload)
            console.out(PrettyJSON.string(result))
            return TestexLocal.Exit.success
        } catch {
            let functionError = FunctionError(error)
            console.out(JSON.string(functionError, pretty: true))
            if case .malformed(let message) = functionError.domainError {
                console.err("testex-local: \(message)")
                return TestexLocal.Exit.usage
            }
            console.err("testex-local: \(function.rawValue) raised \(functionError.errorType)")
            return TestexLocal.Exit.handlerError
        }
    }
}

/// JSON re-indented for people; anything that is not JSON is shown as it is.
enum PrettyJSON {
    static func string(_ data: Data) -> String {
        guard let value = try? JSONValueParser.parse(data), let pretty = try? JSON.encodePretty(value) else {
            return String(decoding: data, as: UTF8.self)
        }
        return String(decoding: pretty.dropLast(), as: UTF8.self)
    }
}
