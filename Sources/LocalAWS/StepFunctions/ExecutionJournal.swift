import Foundation
import Shared
import WireFormat

/// The record of an execution while it runs: events are appended as states run (Map iterations
/// concurrently), and `checkpoint` hands the whole record to the store, one write at a time.
actor ExecutionJournal {
    private(set) var record: ExecutionRecord
    private let clock: Clock
    private let save: @Sendable (ExecutionRecord) async throws -> Void
    private let observe: @Sendable (HistoryEvent) -> Void

    init(
        _ record: ExecutionRecord,
        clock: Clock,
        save: @escaping @Sendable (ExecutionRecord) async throws -> Void,
        observe: @escaping @Sendable (HistoryEvent) -> Void
    ) {
        self.record = record
        self.clock = clock
        self.save = save
        self.observe = observe
    }

    func emit(_ type: String, _ details: (String, JSONValue)? = nil) {
        let id = (record.events.last?.id ?? 0) + 1
        let event = HistoryEvent(
            id: id,
            previousEventId: id - 1,
            timestamp: Timestamp.string(clock.now()),
            type: type,
            details: details
        )
        record.events.append(event)
        observe(event)
    }

    func move(to position: ExecutionRecord.Position?) {
        record.position = position
    }

    func finishIteration(_ index: Int, output: JSONValue) async throws {
        record.position?.mapResults?[String(index)] = output
        try await checkpoint()
    }

    func stop(_ status: ExecutionRecord.Status, output: JSONValue?, error: StatesError?) {
        record.status = status
        record.output = output
        record.error = error?.error
        record.cause = error?.cause
        record.stopDate = Timestamp.string(clock.now())
        record.position = nil
    }

    func checkpoint() async throws {
        try await save(record)
    }
}
