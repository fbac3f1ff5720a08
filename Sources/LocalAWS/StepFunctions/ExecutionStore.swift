import Foundation
import Shared
import WireFormat

/// Where a local state machine's executions are kept, and who may advance one: an execution
/// is advanced by one executor at a time (`withLease`), across processes for the file store.
public protocol ExecutionStore: StateMachineExecutions {
    /// The execution named `name`, or nil.
    func execution(_ name: String) async throws -> ExecutionRecord?
    /// Every execution, oldest first.
    func executions() async throws -> [ExecutionRecord]
    /// The names of the executions that can go on at `now` (RUNNING, not waiting for a later
    /// time), oldest first.
    func runnableNames(at now: Date) async throws -> [String]
    /// Replaces the stored record (the executor's checkpoint).
    func save(_ record: ExecutionRecord) async throws
    /// Runs `body` holding the execution's lease; nil, without running it, when another
    /// executor holds it.
    func withLease<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T?
}

extension ExecutionStore {
    public func runnableNames(at now: Date) async throws -> [String] {
        try await executions().filter { $0.status == .running && !$0.isWaiting(at: now) }.map(\.name)
    }
}

/// The ARNs of the local state machine and its executions, as Step Functions forms them.
public struct StateMachineNames: Sendable, Hashable {
    public let stateMachineArn: String
    public let startAt: String

    public init(region: String, account: String, stateMachine: String, startAt: String) {
        stateMachineArn = "arn:aws:states:\(region):\(account):stateMachine:\(stateMachine)"
        self.startAt = startAt
    }

    public func executionArn(_ name: String) -> String {
        stateMachineArn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name
    }

    /// An execution's name: 1 to 80 letters, digits, `-` and `_`.
    static func check(_ name: String) throws {
        guard (1...80).contains(name.count),
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw DomainError.malformed("an execution name has 1 to 80 letters, digits, - and _")
        }
    }
}

/// Executions as one JSON file each under `stepfunctions/<machine>/executions/`, written through
/// the one durable write path; the lease is an flock on the execution's `.lock` file.
public struct FileExecutionStore: ExecutionStore {
    let root: URL
    let names: StateMachineNames
    let clock: @Sendable () -> Date

    public init(root: URL, names: StateMachineNames, clock: @escaping @Sendable () -> Date) {
        self.root = root
        self.names = names
        self.clock = clock
    }

    private func file(_ name: String) -> URL { root.appendingPathComponent("\(name).json") }

    public func startExecution(stateMachine: String, name: String, input: JSONValue) async throws -> String {
        try StateMachineNames.check(name)
        let arn = names.executionArn(name)
        let lock = root.appendingPathComponent(".lock")
        try DurableFile.createDirectory(root)
        try FileLock.withLock(lock) {
            guard try DurableFile.read(file(name)) == nil else { return }
            let record = ExecutionRecord(
                executionArn: arn,
                name: name,
                stateMachineArn: names.stateMachineArn,
                startDate: Timestamp.string(clock()),
                input: input,
                startAt: names.startAt
            )
            try DurableFile.write(try JSON.encodePretty(record), to: file(name))
        }
        return arn
    }

    public func execution(_ name: String) async throws -> ExecutionRecord? {
        guard (try? StateMachineNames.check(name)) != nil, let data = try DurableFile.read(file(name)) else {
            return nil
        }
        return try JSON.decode(ExecutionRecord.self, from: data)
    }

    public func executions() async throws -> [ExecutionRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        var records: [ExecutionRecord] = []
        for name in names where name.hasSuffix(".json") && !DurableFile.isTemporary(name) {
            if let record = try await execution(String(name.dropLast(5))) { records.append(record) }
        }
        return records.sorted { ($0.startDate, $0.name) < ($1.startDate, $1.name) }
    }

    /// Reads of each file only the fields that say whether it can go on (`status`, `startDate` and
    /// `position.wait_until`, as `ExecutionRecord.isWaiting` reads them), without decoding its
    /// history: every command that runs functions asks, and most executions are done or waiting.
    public func runnableNames(at now: Date) async throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        var runnable: [(startDate: String, name: String)] = []
        for file in names where file.hasSuffix(".json") && !DurableFile.isTemporary(file) {
            let name = String(file.dropLast(5))
            guard (try? StateMachineNames.check(name)) != nil, let data = try DurableFile.read(self.file(name)) else {
                continue
            }
            let record = try JSONValueParser.parse(data)
            guard record["status"]?.stringValue == ExecutionRecord.Status.running.rawValue else { continue }
            let until = record["position"]?["wait_until"]?.stringValue.flatMap(Timestamp.parse)
            if let until, until > now { continue }
            runnable.append((record["startDate"]?.stringValue ?? "", name))
        }
        return runnable.sorted { ($0.startDate, $0.name) < ($1.startDate, $1.name) }.map(\.name)
    }

    public func save(_ record: ExecutionRecord) async throws {
        try DurableFile.write(try JSON.encode(record), to: file(record.name))
    }

    public func withLease<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        let path = root.appendingPathComponent("\(name).lock").path
        if !FileManager.default.fileExists(atPath: path) {
            try DurableFile.createDirectory(root)
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let lease = try HeldFileLock.take(path) else { return nil }
        defer { lease.release() }
        return try await body()
    }
}

/// Executions in memory (`--memory`, fast tests).
public actor MemoryExecutionStore: ExecutionStore {
    let names: StateMachineNames
    let clock: @Sendable () -> Date
    private var records: [String: ExecutionRecord] = [:]
    private var leased: Set<String> = []

    public init(names: StateMachineNames, clock: @escaping @Sendable () -> Date) {
        self.names = names
        self.clock = clock
    }

    public func startExecution(stateMachine: String, name: String, input: JSONValue) async throws -> String {
        try StateMachineNames.check(name)
        let arn = names.executionArn(name)
        if records[name] == nil {
            records[name] = ExecutionRecord(
                executionArn: arn,
                name: name,
                stateMachineArn: names.stateMachineArn,
                startDate: Timestamp.string(clock()),
                input: input,
                startAt: names.startAt
            )
        }
        return arn
    }

    public func execution(_ name: String) async throws -> ExecutionRecord? { records[name] }

    public func executions() async throws -> [ExecutionRecord] {
        records.values.sorted { ($0.startDate, $0.name) < ($1.startDate, $1.name) }
    }

    public func save(_ record: ExecutionRecord) async throws { records[record.name] = record }

    public func withLease<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        guard !leased.contains(name) else { return nil }
        leased.insert(name)
        defer { leased.remove(name) }
        return try await body()
    }
}
