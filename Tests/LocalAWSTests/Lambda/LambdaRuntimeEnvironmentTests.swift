import Foundation
import HandlerRuntime
import LocalAWS
import Testing
import WireFormat

@testable import Shared

/// Functions run as Lambda runs them: with the declared memory size, timeout and environment,
/// stopped at their timeout, and with their init phase timed on a cold start.
@Suite("Lambda runtime environment")
struct LambdaRuntimeEnvironmentTests {
    /// A handler that answers its context's environment, or sleeps first.
    struct Probe: ByteHandler {
        var sleep: Duration = .zero

        func handle(_ payload: Data, context: LambdaContext) async throws -> Data {
            if sleep > .zero { try await Task.sleep(for: sleep) }
            context.logger.warning("probed", ["payload_bytes": String(payload.count)])
            return try JSON.encode(context.environment.merging(["memory": String(context.memoryLimitMB)]) { $1 })
        }
    }

    final class Records: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [InvocationRecord] = []
        func append(_ record: InvocationRecord) { lock.withLock { stored.append(record) } }
        var all: [InvocationRecord] { lock.withLock { stored } }
    }

    func lambda(
        _ configuration: Configuration = Configuration(),
        timeout: TimeInterval? = nil,
        sleep: Duration = .zero
    ) -> (LocalLambda, Records) {
        let lambda = LocalLambda(configuration: configuration, clock: .live) { function in
            var settings = function.settings
            // Unless a test times out on purpose, the in-process suites' margin: hundreds of invocations
            // run at once on two cores.
            settings.timeout = timeout ?? settings.timeout * 20
            return settings
        }
        lambda.register(.fileHandler, Probe(sleep: sleep))
        let records = Records()
        lambda.observe { records.append($0) }
        return (lambda, records)
    }

    @Test func aFunctionSeesTheVariablesLambdaSetsAndTheTemplatesOwn() async throws {
        let configuration = try Configuration(variables: ["ENVIRONMENT": "staging", "AWS_REGION": "eu-west-1"])
        let (lambda, _) = lambda(configuration)
        let first = try JSON.decode(
            [String: String].self,
            from: try await lambda.invoke(.fileHandler, payload: Data("{}".utf8), parent: nil)
        )
        #expect(first["AWS_LAMBDA_FUNCTION_NAME"] == "staging-testex-file-handler")
        #expect(first["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512")
        #expect(first["memory"] == "512")
        #expect(first["AWS_REGION"] == "eu-west-1")
        #expect(first["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/staging-testex-file-handler")
        #expect(
            first["AWS_LAMBDA_LOG_STREAM_NAME"]?.wholeMatch(of: /\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}/) != nil
        )
        #expect(first["ENVIRONMENT"] == "staging")
        #expect(first["SENDER_EMAIL"] == "noreply@testex-staging.com")
        #expect(first["_HANDLER"] == "FileHandler")
        let second = try JSON.decode(
            [String: String].self,
            from: try await lambda.invoke(.fileHandler, payload: Data("{}".utf8), parent: nil)
        )
        let traces = [first["_X_AMZN_TRACE_ID"], second["_X_AMZN_TRACE_ID"]].compactMap { $0 }
        #expect(traces.count == 2 && traces[0] != traces[1], "a trace per invocation: \(traces)")
        #expect(traces.allSatisfy { $0.hasPrefix("Root=1-") })
    }

    @Test func theRegionDefaultsToUsEast1AndABadOneIsRefused() throws {
        #expect(try Configuration(variables: [:]).region == "us-east-1")
        #expect(try Configuration(variables: ["AWS_DEFAULT_REGION": "ap-southeast-2"]).region == "ap-southeast-2")
        #expect(throws: ConfigurationError.self) { try Configuration(variables: ["AWS_REGION": "Mars 1"]) }
    }

    @Test func aFunctionPastItsTimeoutIsStoppedAndReportedAsLambdaReportsIt() async throws {
        let (lambda, records) = lambda(timeout: 1, sleep: .seconds(3))
        let error = await #expect(throws: FunctionError.self) {
            try await lambda.invoke(.fileHandler, payload: Data("{}".utf8), parent: nil)
        }
        #expect(error?.errorType == "Sandbox.Timedout")
        let message = try #require(error?.errorMessage)
        #expect(
            message.wholeMatch(of: /RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.\d\d seconds/) != nil,
            "\(message)"
        )
        let record = try #require(records.all.first)
        #expect(record.timedOut)
        // Reported as stopped at the timeout, however busy the machine: the timer is not a task.
        #expect(
            record.duration >= .seconds(1) && record.duration < .milliseconds(1500),
            "stopped after \(record.duration)"
        )
        // The handler never reached its log line; the only line is the runtime's count of the failure.
        #expect(record.logLines.count == 1, "\(record.logLines)")
        #expect(
            record.logLines.flatMap(EmbeddedMetric.parse).map(\.name) == [BusinessMetric.errors.rawValue],
            "a timeout counts in Errors"
        )
    }

    @Test func theInitPhaseIsTimedOnTheFirstInvocationAndAgainAfterATimeout() async throws {
        let (lambda, records) = lambda()
        _ = try await lambda.invoke(.fileHandler, payload: Data("{}".utf8), parent: nil)
        _ = try await lambda.invoke(.fileHandler, payload: Data("{}".utf8), parent: nil)
        #expect(records.all.map { $0.initDuration != nil } == [true, false])
        #expect(records.all.allSatisfy { $0.memorySizeMB == 512 && !$0.timedOut })

        let (slow, slowRecords) = self.lambda(timeout: 0.2, sleep: .seconds(2))
        _ = try? await slow.invoke(.fileHandler, payload: Data("{}".utf8), parent: nil)
        _ = try? await slow.invoke(.fileHandler, payload: Data("{}".utf8), parent: nil)
        #expect(
            slowRecords.all.map { $0.initDuration != nil } == [true, true],
            "a timeout ends the execution environment"
        )
    }

    @Test func applicationLogsFollowLambdasJSONLogFormat() async throws {
        let (lambda, records) = lambda()
        _ = try await lambda.invoke(.fileHandler, payload: Data("{}".utf8), parent: nil)
        let record = try #require(records.all.first)
        let line = try #require(record.logLines.first)
        let fields = try JSON.decode([String: String].self, from: Data(line.utf8))
        #expect(
            fields == [
                "timestamp": fields["timestamp"] ?? "", "level": "WARN", "requestId": record.requestID,
                "message": "probed", "payload_bytes": "2",
            ]
        )
        #expect(Timestamp.parse(fields["timestamp"] ?? "") != nil)
        #expect(LogLevel(named: "warning") == .warning && LogLevel(named: "WARN") == .warning)
    }
}
