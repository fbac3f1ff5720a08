import Foundation
import HandlerRuntime
import LocalAWS
import Shared
import Testing
import WireFormat

/// A synchronous invoke carries the caller's deadline: the callee works to the sooner of its own
/// and its caller's, in process and through the client context Lambda passes on.
@Suite("Caller deadlines")
struct CallerDeadlineTests {
    /// Answers the deadline and remaining time its context has.
    struct DeadlineProbe: ByteHandler {
        func handle(_ payload: Data, context: LambdaContext) async throws -> Data {
            try JSON.encode(["deadline": context.deadline.timeIntervalSince1970, "remaining": context.remainingTime])
        }
    }

    static func parent(deadline: Date) -> LambdaContext {
        LambdaContext(
            requestID: "caller",
            traceID: LambdaContext.newTraceID(at: Date()),
            functionName: "ContractProcessor",
            deployedName: "development-testex-contract-processor",
            deadline: deadline,
            logger: Logger(function: "caller", requestID: "caller", minimumLevel: .error) { _ in }
        )
    }

    /// The in-process suites' scale: hundreds of invocations run at once on two cores.
    static let scale = 20.0
    static let own = FunctionName.databaseManager.settings.timeout * scale

    static func calleeDeadline(parent: LambdaContext?) async throws -> (deadline: Date, remaining: TimeInterval) {
        let configuration = Configuration(timeoutScale: scale)
        let lambda = LocalLambda(configuration: configuration, clock: .constant(Date(timeIntervalSince1970: 0)))
        lambda.register(.databaseManager, DeadlineProbe())
        let data = try await lambda.invoke(.databaseManager, payload: Data("{}".utf8), parent: parent)
        let answer = try JSON.decode([String: Double].self, from: data)
        return (Date(timeIntervalSince1970: answer["deadline"]!), answer["remaining"]!)
    }

    @Test func aCalleeWorksToItsCallersDeadlineWhenThatComesFirst() async throws {
        let before = Date()
        let soon = before.addingTimeInterval(300)
        let callee = try await Self.calleeDeadline(parent: Self.parent(deadline: soon))
        #expect(abs(callee.deadline.timeIntervalSince(soon)) < 0.001)
        #expect(callee.remaining > 0 && callee.remaining <= soon.timeIntervalSince(before))
    }

    @Test func aCalleeWorksToItsOwnTimeoutWhenItsCallerHasMoreTime() async throws {
        let own = Self.own
        for parent in [Self.parent(deadline: Date().addingTimeInterval(own * 10)), nil] {
            let before = Date()
            let callee = try await Self.calleeDeadline(parent: parent)
            let after = Date()
            // Wall-clock time, whatever the handlers' clock says (here: 1970): its start plus its timeout.
            #expect(callee.deadline >= before.addingTimeInterval(own))
            #expect(callee.deadline <= after.addingTimeInterval(own))
            #expect(callee.remaining > 0 && callee.remaining <= own)
        }
    }

    @Test func theClientContextCarriesTheDeadlineToTheMillisecond() throws {
        let deadline = Date(timeIntervalSince1970: 1_795_000_000.123)
        let header = CallerDeadline.clientContext(deadline)
        let json = try #require(Data(base64Encoded: header))
        #expect(String(decoding: json, as: UTF8.self) == #"{"custom":{"caller_deadline_ms":"1795000000123"}}"#)
        // The Invoke API takes base64; the Runtime API hands the function the JSON.
        #expect(CallerDeadline.deadline(fromClientContext: header) == deadline)
        #expect(CallerDeadline.deadline(fromClientContext: String(decoding: json, as: UTF8.self)) == deadline)
        #expect(header.utf8.count <= 3583, "the Invoke API's limit on client context")
    }

    @Test(arguments: [
        nil, "", "not base64!", "e30=", #"{"custom":{"caller_deadline_ms":"soon"}}"#,
        #"{"custom":{"caller_deadline_ms":-5}}"#, #"{"client":{"app_title":"mobile"},"custom":{}}"#,
        "[1,2]",
    ])
    func aClientContextWithoutADeadlineCarriesNone(_ header: String?) {
        #expect(CallerDeadline.deadline(fromClientContext: header) == nil)
    }
}
