import Foundation
import LocalAWS
import Shared
import WireFormat

/// Runs a definition in memory, as the tests of the executor need: the Tasks answered by a
/// closure, the retry waits recorded instead of slept.
struct MachineRun {
    let definition: StateMachineDefinition
    let waits = Recorder<Double>()

    init(_ json: String) throws {
        definition = try StateMachineDefinition(json: Data(json.utf8))
    }

    func run(
        _ input: JSONValue,
        at date: Date = Date(timeIntervalSince1970: 1_795_428_000),
        record: ExecutionRecord? = nil,
        tasks: @escaping StateMachineExecutor.TaskRunner = { _, input in input }
    ) async throws -> ExecutionRecord {
        let waits = self.waits
        let executor = StateMachineExecutor(
            definition: definition,
            clock: .constant(date),
            tasks: tasks,
            sleep: { waits.append($0) }
        )
        let start =
            record
            ?? ExecutionRecord(
                executionArn: "arn:aws:states:us-east-1:123456789012:execution:test:run-1",
                name: "run-1",
                stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:test",
                startDate: Timestamp.string(date),
                input: input,
                startAt: definition.startAt
            )
        return try await executor.advance(start, save: { _ in })
    }

    /// A machine of one state named `S`, given as JSON text without its braces.
    static func single(_ state: String) -> String {
        #"{"StartAt": "S", "States": {"S": {\#(state)}}}"#
    }
}

final class Recorder<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []

    func append(_ item: T) { lock.withLock { items.append(item) } }
    var all: [T] { lock.withLock { items } }
}

func json(_ text: String) throws -> JSONValue {
    try JSONValueParser.parse(Data(text.utf8))
}

/// The first event of a history, for records built by hand.
enum HistoryEventFixture {
    static var started: HistoryEvent {
        get throws {
            try JSON.decode(
                HistoryEvent.self,
                from: Data(
                    #"{"id": 1, "previousEventId": 0, "timestamp": "2026-11-22T10:00:00.000Z", "type": "ExecutionStarted"}"#
                        .utf8
                )
            )
        }
    }
}
