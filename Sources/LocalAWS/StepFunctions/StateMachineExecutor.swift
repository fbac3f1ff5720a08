import Foundation
import Shared
import WireFormat

/// Runs executions of one definition as the States Language specifies: input and output
/// processing, Task with Retry and Catch, Choice, Wait, Pass, Succeed, Fail and an inline Map
/// with `MaxConcurrency`. Tasks run through `tasks` (the harness invokes the functions); the
/// record is saved after each top-level transition and each finished Map iteration.
public struct StateMachineExecutor: Sendable {
    /// Runs a Task's resource with its effective input; throws `StatesError` when it fails.
    public typealias TaskRunner = @Sendable (_ resource: String, _ input: JSONValue) async throws -> JSONValue

    public let definition: StateMachineDefinition
    let tasks: TaskRunner
    let clock: Clock
    let sleep: @Sendable (Double) async throws -> Void

    public init(
        definition: StateMachineDefinition,
        clock: Clock,
        tasks: @escaping TaskRunner,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.definition = definition
        self.clock = clock
        self.tasks = tasks
        self.sleep = sleep
    }

    /// Runs the execution until it stops or waits for a later time; answers the record then.
    public func advance(
        _ record: ExecutionRecord,
        save: @escaping @Sendable (ExecutionRecord) async throws -> Void,
        observe: @escaping @Sendable (HistoryEvent) -> Void = { _ in }
    ) async throws -> ExecutionRecord {
        let journal = ExecutionJournal(record, clock: clock, save: save, observe: observe)
        if record.events.isEmpty {
            await journal.emit(
                "ExecutionStarted",
                ("executionStartedEventDetails", ["input": .string(JSON.string(record.input))])
            )
            try await journal.checkpoint()
        }
        while let position = await journal.record.position {
            if let until = position.waitUntil.flatMap(Timestamp.parse) {
                guard until <= clock.now() else { break }
                let state = try definition.state(position.state)
                let output = try state.outputPath.apply(position.input)
                await journal.emit("WaitStateExited", exited(state.name, output))
                try await transition(journal, from: state, output: output)
                continue
            }
            try await runTop(position, journal: journal)
        }
        return await journal.record
    }

    private func runTop(_ position: ExecutionRecord.Position, journal: ExecutionJournal) async throws {
        let state = try definition.state(position.state)
        let context = await contextObject(journal, state: state.name)
        if position.mapResults == nil { await journal.emit(Self.entered(state), entered(state.name, position.input)) }
        do {
            switch state.kind {
            case .wait(let duration):
                let input = try state.inputPath.apply(position.input)
                let until = try duration.end(entered: clock.now(), input: input)
                await journal.move(to: .init(state: state.name, input: input, waitUntil: Timestamp.string(until)))
                try await journal.checkpoint()
            case .map:
                let output = try await runMap(state, position: position, context: context, journal: journal)
                await journal.emit("MapStateExited", exited(state.name, output))
                try await transition(journal, from: state, output: output)
            default:
                switch try await step(state, input: position.input, context: context, journal: journal) {
                case .next(let name, let output):
                    await journal.move(to: .init(state: name, input: output))
                    try await journal.checkpoint()
                case .end(let output):
                    await finish(journal, output: output)
                }
            }
        } catch let error as StatesError {
            if let (next, output) = caught(error, by: state, input: position.input) {
                await journal.move(to: .init(state: next, input: output))
                try await journal.checkpoint()
            } else {
                await journal.emit("ExecutionFailed", ("executionFailedEventDetails", error.output))
                await journal.stop(.failed, output: nil, error: error)
                try await journal.checkpoint()
            }
        }
    }

    private func transition(_ journal: ExecutionJournal, from state: StateDefinition, output: JSONValue) async throws {
        if let next = state.next {
            await journal.move(to: .init(state: next, input: output))
            try await journal.checkpoint()
        } else {
            await finish(journal, output: output)
        }
    }

    private func finish(_ journal: ExecutionJournal, output: JSONValue) async {
        await journal.emit(
            "ExecutionSucceeded",
            ("executionSucceededEventDetails", ["output": .string(JSON.string(output))])
        )
        await journal.stop(.succeeded, output: output, error: nil)
        try? await journal.checkpoint()
    }

    enum StepResult {
        case next(String, JSONValue)
        case end(JSONValue)
    }

    /// One state other than Wait and Map (the top level handles those): its output and where
    /// the execution goes; a Fail state, or an error no Catcher takes, throws.
    func step(
        _ state: StateDefinition,
        input raw: JSONValue,
        context: JSONValue,
        journal: ExecutionJournal
    ) async throws -> StepResult {
        let output: JSONValue
        switch state.kind {
        case .succeed:
            output = try state.outputPath.apply(try state.inputPath.apply(raw))
            await journal.emit("SucceedStateExited", exited(state.name, output))
            return .end(output)
        case .fail(let error, let cause):
            throw StatesError(error ?? "States.Fail", cause ?? "")
        case .choice(let rules, let fallback):
            let input = try state.inputPath.apply(raw)
            guard let next = rules.first(where: { $0.matches(input) })?.next ?? fallback else {
                throw StatesError(
                    "States.NoChoiceMatched",
                    "no Choice Rule of \(state.name) matched and it has no Default"
                )
            }
            output = try state.outputPath.apply(input)
            await journal.emit("ChoiceStateExited", exited(state.name, output))
            return .next(next, output)
        case .pass(let result):
            let input = try effectiveInput(state, raw, context)
            output = try processResult(state, raw: raw, result: result ?? input, context: context)
            await journal.emit("PassStateExited", exited(state.name, output))
        case .task(let resource):
            let input = try effectiveInput(state, raw, context)
            let result = try await runTask(state, resource: resource, input: input, journal: journal)
            output = try processResult(state, raw: raw, result: result, context: context)
            await journal.emit("TaskStateExited", exited(state.name, output))
        case .wait, .map:
            throw StatesError("States.Runtime", "\(state.name) runs only at the top level")
        }
        return state.next.map { .next($0, output) } ?? .end(output)
    }

    func effectiveInput(_ state: StateDefinition, _ raw: JSONValue, _ context: JSONValue) throws -> JSONValue {
        let input = try state.inputPath.apply(raw)
        return try state.parameters?.apply(input: input, context: context) ?? input
    }

    /// ResultSelector, then ResultPath into the raw input, then OutputPath.
    func processResult(
        _ state: StateDefinition,
        raw: JSONValue,
        result: JSONValue,
        context: JSONValue
    ) throws -> JSONValue {
        let selected = try state.resultSelector?.apply(input: result, context: context) ?? result
        guard let path = state.resultPath else { return try state.outputPath.apply(raw) }
        guard let combined = path.placing(selected, into: raw) else {
            throw StatesError(
                "States.ResultPathMatchFailure",
                "ResultPath \(path) cannot be applied to the state's input"
            )
        }
        return try state.outputPath.apply(combined)
    }

    /// The Task's attempts: the first Retrier whose ErrorEquals matches decides whether and
    /// when to try again; when it has no attempts left, the error stands.
    private func runTask(
        _ state: StateDefinition,
        resource: String,
        input: JSONValue,
        journal: ExecutionJournal
    ) async throws -> JSONValue {
        var retries = [Int](repeating: 0, count: state.retriers.count)
        while true {
            do {
                return try await attemptTask(resource, input: input, journal: journal)
            } catch let error as StatesError {
                guard let index = state.retriers.firstIndex(where: { ErrorMatch.matches($0.errorEquals, error.error) }),
                    retries[index] < state.retriers[index].maxAttempts
                else { throw error }
                retries[index] += 1
                try await sleep(state.retriers[index].delay(beforeRetry: retries[index]))
            }
        }
    }

    /// One attempt of a Task, with its TaskScheduled, TaskStarted and TaskSucceeded or TaskFailed events.
    private func attemptTask(_ resource: String, input: JSONValue, journal: ExecutionJournal) async throws -> JSONValue
    {
        let (type, name) = Self.resourceNames(resource)
        await journal.emit(
            "TaskScheduled",
            (
                "taskScheduledEventDetails",
                [
                    "resourceType": .string(type), "resource": .string(name),
                    "parameters": .string(JSON.string(input)),
                ]
            )
        )
        await journal.emit(
            "TaskStarted",
            ("taskStartedEventDetails", ["resourceType": .string(type), "resource": .string(name)])
        )
        do {
            let result = try await tasks(resource, input)
            await journal.emit(
                "TaskSucceeded",
                (
                    "taskSucceededEventDetails",
                    [
                        "resourceType": .string(type), "resource": .string(name),
                        "output": .string(JSON.string(result)),
                    ]
                )
            )
            return result
        } catch let error as StatesError {
            await journal.emit(
                "TaskFailed",
                (
                    "taskFailedEventDetails",
                    [
                        "resourceType": .string(type), "resource": .string(name), "error": .string(error.error),
                        "cause": .string(error.cause),
                    ]
                )
            )
            throw error
        }
    }

    /// The Catcher that takes the error: its Next and the raw input with the Error Output placed.
    func caught(_ error: StatesError, by state: StateDefinition, input: JSONValue) -> (String, JSONValue)? {
        guard let catcher = state.catchers.first(where: { ErrorMatch.matches($0.errorEquals, error.error) }) else {
            return nil
        }
        guard let path = catcher.resultPath else { return (catcher.next, input) }
        guard let placed = path.placing(error.output, into: input) else { return nil }
        return (catcher.next, placed)
    }

    /// `arn:aws:states:::lambda:invoke` is resource type `lambda`, resource `invoke`.
    static func resourceNames(_ resource: String) -> (String, String) {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        if resource.hasPrefix("arn:aws:states:::"), parts.count >= 7 {
            return (String(parts[5]), parts[6...].joined(separator: ":"))
        }
        if resource.hasPrefix("arn:aws:lambda:") { return ("lambda", resource) }
        return ("task", resource)
    }

    static func entered(_ state: StateDefinition) -> String {
        switch state.kind {
        case .task: "TaskStateEntered"
        case .pass: "PassStateEntered"
        case .choice: "ChoiceStateEntered"
        case .wait: "WaitStateEntered"
        case .succeed: "SucceedStateEntered"
        case .fail: "FailStateEntered"
        case .map: "MapStateEntered"
        }
    }

    func entered(_ name: String, _ input: JSONValue) -> (String, JSONValue) {
        ("stateEnteredEventDetails", ["name": .string(name), "input": .string(JSON.string(input))])
    }

    func exited(_ name: String, _ output: JSONValue) -> (String, JSONValue) {
        ("stateExitedEventDetails", ["name": .string(name), "output": .string(JSON.string(output))])
    }

    func contextObject(_ journal: ExecutionJournal, state: String) async -> JSONValue {
        let record = await journal.record
        return [
            "Execution": [
                "Id": .string(record.executionArn), "Name": .string(record.name),
                "StartTime": .string(record.startDate),
                "Input": record.input,
            ],
            "StateMachine": ["Id": .string(record.stateMachineArn)],
            "State": ["Name": .string(state), "EnteredTime": .string(Timestamp.string(clock.now()))],
        ]
    }
}
