import Foundation
import Shared
import WireFormat

/// One execution of a state machine as it is kept in the state directory: what
/// `DescribeExecution` answers, where it resumes, and its history as `GetExecutionHistory`
/// lists it. Written whole after every top-level transition and every finished Map iteration,
/// so a killed executor resumes from the last of them.
public struct ExecutionRecord: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable {
        case running = "RUNNING"
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
        case aborted = "ABORTED"
    }

    public var executionArn: String
    public var name: String
    public var stateMachineArn: String
    public var status: Status
    public var startDate: String
    public var stopDate: String?
    public var input: JSONValue
    public var output: JSONValue?
    public var error: String?
    public var cause: String?
    /// Where a running execution goes on; nil once it has stopped.
    public var position: Position?
    public var events: [HistoryEvent]

    public struct Position: Codable, Sendable, Hashable {
        public var state: String
        public var input: JSONValue
        /// A Wait state's end (the execution sleeps until the clock passes it).
        public var waitUntil: String?
        /// A Map state under way: the results of the iterations that finished, by index.
        public var mapResults: [String: JSONValue]?

        public init(state: String, input: JSONValue, waitUntil: String? = nil, mapResults: [String: JSONValue]? = nil) {
            self.state = state
            self.input = input
            self.waitUntil = waitUntil
            self.mapResults = mapResults
        }

        enum CodingKeys: String, CodingKey {
            case state, input
            case waitUntil = "wait_until"
            case mapResults = "map_results"
        }
    }

    enum CodingKeys: String, CodingKey {
        case executionArn, name, stateMachineArn, status, startDate, stopDate, input, output, error, cause, position,
            events
    }

    public init(
        executionArn: String,
        name: String,
        stateMachineArn: String,
        startDate: String,
        input: JSONValue,
        startAt: String
    ) {
        self.executionArn = executionArn
        self.name = name
        self.stateMachineArn = stateMachineArn
        self.status = .running
        self.startDate = startDate
        self.input = input
        self.position = Position(state: startAt, input: input)
        self.events = []
    }

    /// Whether the execution waits for a time that has not come.
    public func isWaiting(at now: Date) -> Bool {
        guard let until = position?.waitUntil.flatMap(Timestamp.parse) else { return false }
        return until > now
    }
}

/// A history event as `GetExecutionHistory` answers it: id, the event before it, time, type,
/// and the details under the type's own field (`stateEnteredEventDetails`, ...), inputs and
/// outputs as JSON text.
public struct HistoryEvent: Codable, Sendable, Hashable {
    public var id: Int
    public var previousEventId: Int
    public var timestamp: String
    public var type: String
    public var detailsField: String?
    public var details: JSONValue?

    init(id: Int, previousEventId: Int, timestamp: String, type: String, details: (String, JSONValue)?) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.detailsField = details?.0
        self.details = details?.1
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ value: String) { stringValue = value }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        id = try c.decode(Int.self, forKey: Key("id"))
        previousEventId = try c.decode(Int.self, forKey: Key("previousEventId"))
        timestamp = try c.decode(String.self, forKey: Key("timestamp"))
        type = try c.decode(String.self, forKey: Key("type"))
        let field = c.allKeys.first { $0.stringValue.hasSuffix("EventDetails") }
        detailsField = field?.stringValue
        details = try field.map { try c.decode(JSONValue.self, forKey: $0) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: Key("id"))
        try c.encode(previousEventId, forKey: Key("previousEventId"))
        try c.encode(timestamp, forKey: Key("timestamp"))
        try c.encode(type, forKey: Key("type"))
        if let detailsField, let details { try c.encode(details, forKey: Key(detailsField)) }
    }
}
