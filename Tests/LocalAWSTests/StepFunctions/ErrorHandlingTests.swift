import Foundation
import LocalAWS
import Shared
import Testing

/// Retry and Catch as the specification's "Error Handling" section describes them, with its
/// examples' waits.
@Suite("ASL Retry and Catch")
struct ErrorHandlingTests {
    static func failing(_ errors: [String]) -> StateMachineExecutor.TaskRunner {
        let attempts = Recorder<Int>()
        return { _, input in
            attempts.append(1)
            let attempt = attempts.all.count
            guard attempt <= errors.count else { return input }
            throw StatesError(errors[attempt - 1], "attempt \(attempt)")
        }
    }

    @Test func twoRetriesWaitThreeThenSixSeconds() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #"""
                "Type": "Task", "Resource": "arn:aws:lambda:::function:F", "End": true,
                "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 2.0}]
                """#
            )
        )
        let record = try await run.run(["ok": true], tasks: Self.failing(["States.Timeout", "States.Timeout"]))
        #expect(record.status == .succeeded)
        #expect(run.waits.all == [3, 6])
    }

    @Test func maxDelaySecondsCapsTheSecondWaitAtFour() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #"""
                "Type": "Task", "Resource": "arn:aws:lambda:::function:F", "End": true,
                "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 2.0, "MaxDelaySeconds": 4}]
                """#
            )
        )
        _ = try await run.run(["ok": true], tasks: Self.failing(["States.Timeout", "States.Timeout"]))
        #expect(run.waits.all == [3, 4])
    }

    @Test func theComplexScenarioWaitsOneTwoFiveThenCatchesToZ() async throws {
        let run = try MachineRun(
            #"""
            {"StartAt": "X", "States": {
              "X": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:task:X", "Next": "Y",
                    "Retry": [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxAttempts": 2},
                              {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]},
              "Y": {"Type": "Succeed"},
              "Z": {"Type": "Pass", "End": true}}}
            """#
        )
        let record = try await run.run(["in": 1], tasks: Self.failing(["ErrorA", "ErrorB", "ErrorC", "ErrorB"]))
        #expect(run.waits.all == [1, 2, 5])
        #expect(record.status == .succeeded)
        #expect(record.output == (try json(#"{"Error": "ErrorB", "Cause": "attempt 4"}"#)))
        #expect(record.events.map(\.type).filter { $0 == "TaskFailed" }.count == 4)
    }

    @Test func aCatcherResultPathKeepsTheInputBesideTheErrorOutput() async throws {
        let run = try MachineRun(
            #"""
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "arn:aws:lambda:::function:F", "End": true,
                    "Catch": [{"ErrorEquals": ["java.lang.Exception"], "ResultPath": "$.error-info", "Next": "RecoveryState"},
                              {"ErrorEquals": ["States.ALL"], "Next": "EndMachine"}]},
              "RecoveryState": {"Type": "Pass", "End": true},
              "EndMachine": {"Type": "Fail", "Error": "Ended"}}}
            """#
        )
        let recovered = try await run.run(["a": 1], tasks: Self.failing(["java.lang.Exception"]))
        #expect(
            recovered.output
                == (try json(#"{"a": 1, "error-info": {"Error": "java.lang.Exception", "Cause": "attempt 1"}}"#))
        )
        let ended = try await run.run(["a": 1], tasks: Self.failing(["Other"]))
        #expect(ended.status == .failed)
        #expect(ended.error == "Ended")
    }

    @Test func maxAttemptsZeroNeverRetriesButStatesAllRetriesTheRest() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #"""
                "Type": "Task", "Resource": "arn:aws:lambda:::function:F", "End": true,
                "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"]}]
                """#
            )
        )
        let timedOut = try await run.run([:], tasks: Self.failing(["States.Timeout"]))
        #expect(timedOut.status == .failed)
        #expect(timedOut.error == "States.Timeout")
        let other = try await run.run([:], tasks: Self.failing(["Boom", "Boom", "Boom"]))
        #expect(other.status == .succeeded)
        #expect(run.waits.all == [1, 2, 4])
    }

    @Test func taskFailedMatchesATaskErrorButNotATimeout() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #"""
                "Type": "Task", "Resource": "arn:aws:lambda:::function:F", "End": true,
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 1}]
                """#
            )
        )
        #expect(try await run.run([:], tasks: Self.failing(["DomainError.SERVICE_UNAVAILABLE"])).status == .succeeded)
        #expect(try await run.run([:], tasks: Self.failing(["States.Timeout"])).status == .failed)
    }

    @Test func aFailStateEndsTheExecutionWithItsErrorAndCause() async throws {
        let run = try MachineRun(MachineRun.single(#""Type": "Fail", "Error": "CampaignFailed", "Cause": "why""#))
        let record = try await run.run([:])
        #expect(record.status == .failed)
        #expect((record.error, record.cause) == ("CampaignFailed", "why"))
        #expect(record.events.map(\.type) == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"])
    }
}
