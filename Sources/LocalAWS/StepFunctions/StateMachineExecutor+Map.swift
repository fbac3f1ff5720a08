import Foundation
import Shared
import WireFormat

extension StateMachineExecutor {
    /// An inline Map: its iterator runs once per item, at most `MaxConcurrency` at a time (0:
    /// no limit), each iteration's result saved as it finishes, so a resumed Map runs only the
    /// iterations that had not finished. Any iteration's failure fails the Map.
    func runMap(
        _ state: StateDefinition,
        position: ExecutionRecord.Position,
        context: JSONValue,
        journal: ExecutionJournal
    ) async throws -> JSONValue {
        guard case .map(let itemsPath, let maxConcurrency, let selector, let iterator) = state.kind else {
            return .null
        }
        let input = try state.inputPath.apply(position.input)
        guard case .array(let items)? = itemsPath.select(input) else {
            throw StatesError("States.Runtime", "ItemsPath \(itemsPath) of \(state.name) selects no array")
        }
        var done = position.mapResults ?? [:]
        if position.mapResults == nil { try await startMap(state, position: position, length: items.count, journal) }
        let pending = items.indices.filter { done[String($0)] == nil }
        let limit = maxConcurrency == 0 ? max(pending.count, 1) : maxConcurrency
        try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
            var queue = pending[...]
            func start() {
                guard let index = queue.popFirst() else { return }
                group.addTask {
                    let itemContext = Self.mapContext(context, index: index, value: items[index])
                    let itemInput = try selector?.apply(input: input, context: itemContext) ?? items[index]
                    return (
                        index,
                        try await iterate(
                            iterator,
                            mapName: state.name,
                            index: index,
                            input: itemInput,
                            context: itemContext,
                            journal: journal
                        )
                    )
                }
            }
            for _ in 0..<limit { start() }
            while let (index, output) = try await group.next() {
                done[String(index)] = output
                try await journal.finishIteration(index, output: output)
                start()
            }
        }
        await journal.emit("MapStateSucceeded")
        let results = JSONValue.array(items.indices.map { done[String($0)] ?? .null })
        return try processResult(state, raw: position.input, result: results, context: context)
    }

    /// A Map entered for the first time: MapStateStarted, and a checkpoint with no iteration done yet.
    private func startMap(
        _ state: StateDefinition,
        position: ExecutionRecord.Position,
        length: Int,
        _ journal: ExecutionJournal
    ) async throws {
        await journal.emit("MapStateStarted", ("mapStateStartedEventDetails", ["length": .number(Decimal(length))]))
        await journal.move(to: .init(state: state.name, input: position.input, mapResults: [:]))
        try await journal.checkpoint()
    }

    /// One iteration: the iterator's states from its StartAt to an end, in memory.
    private func iterate(
        _ iterator: StateMachineDefinition,
        mapName: String,
        index: Int,
        input: JSONValue,
        context: JSONValue,
        journal: ExecutionJournal
    ) async throws -> JSONValue {
        let iteration = (
            "mapIterationStartedEventDetails",
            JSONValue.object(["name": .string(mapName), "index": .number(Decimal(index))])
        )
        await journal.emit("MapIterationStarted", iteration)
        var name = iterator.startAt
        var current = input
        do {
            while true {
                let state = try iterator.state(name)
                await journal.emit(Self.entered(state), entered(state.name, current))
                let result: StepResult
                do {
                    result = try await step(state, input: current, context: context, journal: journal)
                } catch let error as StatesError {
                    guard let (next, output) = caught(error, by: state, input: current) else { throw error }
                    result = .next(next, output)
                }
                switch result {
                case .next(let next, let output):
                    name = next
                    current = output
                case .end(let output):
                    await journal.emit("MapIterationSucceeded", ("mapIterationSucceededEventDetails", iteration.1))
                    return output
                }
            }
        } catch let error as StatesError {
            await journal.emit("MapIterationFailed", ("mapIterationFailedEventDetails", iteration.1))
            await journal.emit("MapStateFailed")
            throw error
        }
    }

    static func mapContext(_ context: JSONValue, index: Int, value: JSONValue) -> JSONValue {
        guard case .object(var fields) = context else { return context }
        fields["Map"] = ["Item": ["Index": .number(Decimal(index)), "Value": value]]
        return .object(fields)
    }
}
