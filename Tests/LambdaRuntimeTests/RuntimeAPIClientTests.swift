import Foundation
import HandlerRuntime
import LambdaRuntime
import Shared
import TestSupport
import Testing
import WireFormat

/// The Runtime API client's connection: no timeout on `/next`, retries of a dropped or refused
/// connection, one kept-alive connection, and what each invocation's headers set.
extension RuntimeLoopTests {
    /// Answers the context's deadline and the process's trace variable as the handler saw them.
    struct Observer: ByteHandler {
        func handle(_ payload: Data, context: LambdaContext) async throws -> Data {
            let trace = getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) }
            let echo: JSONValue = [
                "deadline_ms": .number(Decimal(Int((context.deadline.timeIntervalSince1970 * 1000).rounded()))),
                "trace_variable": trace.map(JSONValue.string) ?? .null,
                "context_trace_variable": context.environment["_X_AMZN_TRACE_ID"].map(JSONValue.string) ?? .null,
            ]
            return try JSON.encode(echo)
        }
    }

    static func loop(_ api: FakeRuntimeAPI, log: @escaping @Sendable (String) -> Void = { _ in }) -> RuntimeLoop {
        RuntimeLoop(
            client: RuntimeAPIClient(api: api.api, log: log),
            function: .databaseManager,
            handler: Observer(),
            configuration: Configuration(),
            output: { _ in }
        )
    }

    static func responses(_ api: FakeRuntimeAPI) -> [[String: Any]] {
        api.received.filter { $0.path.hasSuffix("/response") }.compactMap(\.json)
    }

    @Test func aDroppedConnectionIsOpenedAgainAndTheEventServed() async throws {
        let retries = Recorded<String>()
        let api = try FakeRuntimeAPI([FakeRuntimeAPI.Invocation(payload: "{}", drops: 3)])
        defer { api.stop() }
        await #expect(throws: RuntimeAPIError.self) { try await Self.loop(api, log: retries.append).run() }
        #expect(Self.responses(api).count == 1)
        let polls = api.received.filter { $0.path.hasSuffix("/invocation/next") }
        #expect(polls.count == 5, "three dropped, one served, the end")
        #expect(retries.all.count == 3, "\(retries.all)")
        #expect(retries.all.first?.contains("closed before answering") == true, "\(retries.all)")
    }

    @Test func aRuntimeAPIThatStaysAwayEndsTheLoopAfterTheRetries() async throws {
        let api = try FakeRuntimeAPI([])
        let address = api.api
        api.stop()
        let retries = Recorded<String>()
        let client = RuntimeAPIClient(
            api: address,
            retry: RuntimeAPIRetry(maximumAttempts: 3, initialDelay: 0.01),
            log: retries.append
        )
        let started = Date()
        await #expect { try await client.next() } throws: { "\($0)".contains("cannot connect to the Runtime API") }
        #expect(retries.all.count == 3)
        #expect(Date().timeIntervalSince(started) >= 0.07, "backoff: 10, 20 and 40 ms")
    }

    @Test func requestsShareOneKeptAliveConnection() async throws {
        let api = try FakeRuntimeAPI((0..<3).map { _ in FakeRuntimeAPI.Invocation(payload: "{}") }, keepAlive: true)
        defer { api.stop() }
        await #expect(throws: RuntimeAPIError.self) { try await Self.loop(api).run() }
        #expect(Self.responses(api).count == 3)
        #expect(api.connections == 1, "seven requests on \(api.connections) connections")
    }

    @Test func theTraceVariableIsSetOrClearedOnEveryInvocation() async throws {
        let traced = "Root=1-65f0c2a1-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
        let script = [
            FakeRuntimeAPI.Invocation(payload: "{}", traceID: traced),
            FakeRuntimeAPI.Invocation(payload: "{}", traceID: nil),
            FakeRuntimeAPI.Invocation(payload: "{}", traceID: traced + ";Lineage=a87bb23b:0"),
        ]
        let api = try FakeRuntimeAPI(script)
        defer { api.stop() }
        await #expect(throws: RuntimeAPIError.self) { try await Self.loop(api).run() }
        let seen = Self.responses(api)
        #expect(seen.count == 3, "\(api.received.map { "\($0.path) \(String(decoding: $0.body, as: UTF8.self))" })")
        #expect(seen.map { $0["trace_variable"] as? String } == [traced, nil, traced + ";Lineage=a87bb23b:0"])
        #expect(
            seen.map { $0["context_trace_variable"] as? String }
                == [traced, nil, traced + ";Lineage=a87bb23b:0"]
        )
    }

    @Test func aSynchronousCallersDeadlineShortensTheContextsDeadline() async throws {
        let own = Int((Date().timeIntervalSince1970 + 20) * 1000)
        let caller = Date().addingTimeInterval(5)
        let callerMs = Int((caller.timeIntervalSince1970 * 1000).rounded(.down))
        let context = String(decoding: Data(base64Encoded: CallerDeadline.clientContext(caller))!, as: UTF8.self)
        let script = [
            FakeRuntimeAPI.Invocation(payload: "{}", deadlineMs: own, clientContext: context),
            FakeRuntimeAPI.Invocation(payload: "{}", deadlineMs: own, clientContext: #"{"custom":{"other":"1"}}"#),
            FakeRuntimeAPI.Invocation(
                payload: "{}",
                deadlineMs: own,
                clientContext: CallerDeadline.clientContext(.distantFuture)
            ),
        ]
        let api = try FakeRuntimeAPI(script)
        defer { api.stop() }
        await #expect(throws: RuntimeAPIError.self) { try await Self.loop(api).run() }
        #expect(Self.responses(api).map { $0["deadline_ms"] as? Int } == [callerMs, own, own])
    }
}

/// `/next` held open: outside `RuntimeLoops`, so its 90 s run beside every other test (they take
/// longer than that in all; the wait adds nothing to `swift test` on this machine). It uses the
/// client alone, which leaves the trace variable as it is.
@Suite("Runtime API idle wait")
struct RuntimeIdleWaitTests {
    @Test(.timeLimit(.minutes(3)))
    func anIdleBootstrapServesAnEventAfterNinetySecondsOnOpenNext() async throws {
        let held = FakeRuntimeAPI.Invocation(payload: #"{"n":90}"#, idle: 90)
        let api = try FakeRuntimeAPI([held])
        defer { api.stop() }
        let client = RuntimeAPIClient(api: api.api)
        let started = Date()
        let invocation = try await client.next()
        #expect(Date().timeIntervalSince(started) >= 90)
        #expect(invocation.requestID == held.requestID)
        try await client.respond(to: invocation.requestID, with: invocation.payload)
        #expect(
            api.received.map(\.path) == [
                "/2018-06-01/runtime/invocation/next",
                "/2018-06-01/runtime/invocation/\(held.requestID)/response",
            ],
            "one wait, no retry"
        )
    }
}
