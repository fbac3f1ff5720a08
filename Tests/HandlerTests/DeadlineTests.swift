import AWSEvents
import Foundation
import HandlerRuntime
import LocalAWS
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// Deadlines along the synchronous calls, with the timeouts scaled down to a tenth (ApiGateway
/// 2.9 s, ContractProcessor 2.6 s, DatabaseManager 2.0 s, a commit needs 0.1 s left): however
/// slow the reads before it, a termination's commit lands before ApiGateway's deadline, or not
/// at all. (Without DatabaseManager's check, the two slower runs commit 0.2 and 0.8 s late.)
@Suite("Deadlines")
struct DeadlineTests {
    /// A memory table store whose reads take `delay` each, in a way no cancellation stops (a
    /// slow disk or network) but which holds no thread of the concurrency pool meanwhile (the
    /// other suites run beside it on two cores), and which records when each transaction finished.
    final class SlowTables: TableStore, @unchecked Sendable {
        let base: MemoryTableStore
        private let lock = NSLock()
        private var readDelay: TimeInterval = 0
        private var commits: [Date] = []

        init(_ base: MemoryTableStore) { self.base = base }

        var delay: TimeInterval {
            get { lock.withLock { readDelay } }
            set { lock.withLock { readDelay = newValue } }
        }

        var commitTimes: [Date] { lock.withLock { commits } }

        func getItem(table: String, key: Item) async throws -> Item? {
            let delay = self.delay
            if delay > 0 {
                await withCheckedContinuation { done in
                    DispatchQueue.global().asyncAfter(deadline: .now() + delay) { done.resume() }
                }
            }
            return try await base.getItem(table: table, key: key)
        }

        func transactWriteItems(_ items: [TransactWriteItem]) async throws {
            try await base.transactWriteItems(items)
            lock.withLock { commits.append(Date()) }
        }

        func createTable(_ definition: TableDefinition) async throws { try await base.createTable(definition) }
        func listTables() async throws -> [String] { await base.listTables() }
        func describeTable(_ table: String) async throws -> TableDefinition? { await base.describeTable(table) }
        func putItem(table: String, item: Item, condition: Condition?) async throws {
            try await base.putItem(table: table, item: item, condition: condition)
        }
        func updateItem(table: String, key: Item, actions: [UpdateAction], condition: Condition?) async throws -> Item {
            try await base.updateItem(table: table, key: key, actions: actions, condition: condition)
        }
        func deleteItem(table: String, key: Item, condition: Condition?) async throws -> Item? {
            try await base.deleteItem(table: table, key: key, condition: condition)
        }
        func query(_ request: QueryRequest) async throws -> ItemPage { try await base.query(request) }
        func scan(_ request: ScanRequest) async throws -> ItemPage { try await base.scan(request) }
    }

    static let scale = 0.1

    static let clock = Clock.constant(TestSystem.now)

    static func system(_ tables: SlowTables, _ objects: MemoryObjectStore, scale: Double = scale) -> LocalSystem {
        let configuration = Configuration(timeoutScale: scale)
        return LocalSystem(
            configuration: configuration,
            clock: clock,
            ids: .random,
            state: nil,
            tables: tables,
            objects: objects,
            outbox: MemoryMailOutbox(
                verifiedIdentities: [configuration.senderEmail],
                region: configuration.region,
                clock: clock.now
            ),
            logs: MemoryLogStore()
        )
    }

    static func terminateEvent(_ id: String) -> Data {
        let event: JSONValue = [
            "resource": "/{proxy+}", "path": .string("/api/contracts/\(id)/terminate"), "httpMethod": "POST",
            "headers": ["Content-Type": "application/json"], "isBase64Encoded": false,
            "requestContext": [
                "requestId": "deadline-test", "stage": "test",
                "authorizer": ["claims": ["sub": "t-admin", "role": "admin"]],
            ],
            "body": #"{"reason":"MUTUAL_AGREEMENT"}"#,
        ]
        return try! JSON.encode(event)
    }

    @Test(.timeLimit(.minutes(5)))
    func aCalleeNeverCommitsAfterItsCallersDeadline() async throws {
        let tables = SlowTables(MemoryTableStore(clock: { TestSystem.now }))
        let objects = MemoryObjectStore(clock: Self.clock.now)
        let system = Self.system(tables, objects)
        // The data is made at the in-process suites' scale, on the same tables and buckets: only the
        // terminations run with their timeouts scaled down.
        let creator = Self.system(tables, objects, scale: 20)
        try await creator.initialize()
        _ = try await SampleData.seed(creator)
        let refusals = Recorded<String>()
        system.lambda.observe { record in
            if record.function == .databaseManager, record.error?.errorMessage.contains("ran out of time") == true {
                refusals.append(record.requestID)
            }
        }
        // Two reads come before the commit: at 1.5 s or more a read, it would land after ApiGateway's deadline.
        let delays = [0, 0.5, 1.0, 1.5, 1.8]
        var ids: [String] = []
        for _ in 0..<delays.count + 2 {
            let answer = try await creator.lambda.invoke(.apiGateway, payload: CreateContract.event(), parent: nil)
            let body = try JSON.decode(APIGatewayResponse.self, from: answer).body ?? ""
            ids.append(try #require(try JSON.decode(JSONValue.self, from: Data(body.utf8))["contract_id"]?.stringValue))
        }
        let apiTimeout = FunctionName.apiGateway.settings.timeout * Self.scale
        var outcomes: [String] = []
        var late: [String] = []
        for (delay, id) in zip(delays, ids) {
            tables.delay = delay
            let before = tables.commitTimes.count
            let started = Date()
            let outcome: String
            do {
                let answer = try await system.lambda.invoke(.apiGateway, payload: Self.terminateEvent(id), parent: nil)
                outcome = "\(try JSON.decode(APIGatewayResponse.self, from: answer).statusCode)"
            } catch let error as FunctionError {
                outcome = error.errorType
            }
            // The local Lambda returns once every invocation of the run has ended, past its timeout or not.
            let deadline = started.addingTimeInterval(apiTimeout)
            for commit in tables.commitTimes.dropFirst(before) where commit > deadline {
                let after = Int(commit.timeIntervalSince(deadline) * 1000)
                late.append("\(delay) s a read: committed \(after) ms after the deadline")
            }
            outcomes.append("\(delay) s a read: \(outcome)")
        }
        #expect(late.isEmpty, "\(late) \(outcomes) refused: \(refusals.all.count)")
        // On a loaded machine the runs above can also time out whole (Sandbox.Timedout, nothing committed), so
        // what they must do besides is shown at the suites' scale, where nothing times out: a termination
        // whose caller leaves less than the commit allowance (here 20 s) is refused, with time enough it commits.
        tables.delay = 0
        let before = tables.commitTimes.count
        let hurried = try await creator.lambda.invoke(
            .apiGateway,
            payload: Self.terminateEvent(ids[delays.count]),
            parent: Self.caller(deadline: Date().addingTimeInterval(5))
        )
        #expect(try JSON.decode(APIGatewayResponse.self, from: hurried).statusCode == 503)
        #expect(tables.commitTimes.count == before, "nothing committed with too little time left")
        let answer = try await creator.lambda.invoke(
            .apiGateway,
            payload: Self.terminateEvent(ids[delays.count + 1]),
            parent: nil
        )
        #expect(try JSON.decode(APIGatewayResponse.self, from: answer).statusCode == 200, "\(outcomes)")
        #expect(tables.commitTimes.count > before, "a termination with time enough commits")
    }

    /// A synchronous caller with the given deadline.
    static func caller(deadline: Date) -> LambdaContext {
        LambdaContext(
            requestID: "caller",
            traceID: LambdaContext.newTraceID(at: Date()),
            functionName: "caller",
            deployedName: "development-testex-caller",
            deadline: deadline,
            logger: Logger(function: "caller", requestID: "caller", minimumLevel: .error) { _ in }
        )
    }
}

/// A contract to terminate, created through the API as an admin.
enum CreateContract {
    static let body: JSONValue = [
        "client_id": "CL001XYZ", "contract_type": "SERVICE", "start_date": "2026-01-01",
        "end_date": "2027-12-31", "value": 1000,
    ]

    static func event() -> Data {
        let event: JSONValue = [
            "resource": "/{proxy+}", "path": "/api/contracts", "httpMethod": "POST",
            "headers": ["Content-Type": "application/json"], "isBase64Encoded": false,
            "requestContext": [
                "requestId": "deadline-test", "stage": "test",
                "authorizer": ["claims": ["sub": "t-admin", "role": "admin"]],
            ],
            "body": .string(String(decoding: try! JSON.encode(body), as: UTF8.self)),
        ]
        return try! JSON.encode(event)
    }
}
