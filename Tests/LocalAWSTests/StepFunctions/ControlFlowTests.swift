import Foundation
import LocalAWS
import Shared
import Testing
import WireFormat

/// Choice, Wait, Succeed and Map, and the history each writes with `GetExecutionHistory`'s event types.
@Suite("ASL Choice, Wait and Map")
struct ControlFlowTests {
    static let choice = #"""
        {"StartAt": "ChoiceStateX", "States": {
          "ChoiceStateX": {"Type": "Choice", "Default": "DefaultState", "Choices": [
            {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
            {"And": [{"Variable": "$.value", "IsPresent": true}, {"Variable": "$.value", "NumericGreaterThanEquals": 20},
                     {"Variable": "$.value", "NumericLessThan": 30}], "Next": "ValueInTwenties"},
            {"Variable": "$.when", "TimestampLessThan": "2026-01-01T00:00:00Z", "Next": "Early"}]},
          "Public": {"Type": "Pass", "Result": "Public", "End": true},
          "ValueInTwenties": {"Type": "Pass", "Result": "ValueInTwenties", "End": true},
          "Early": {"Type": "Pass", "Result": "Early", "End": true},
          "DefaultState": {"Type": "Fail", "Error": "DefaultStateError", "Cause": "No Matches!"}}}
        """#

    @Test(arguments: [
        (#"{"type": "Public"}"#, "Public"), (#"{"type": "Private", "value": 25}"#, "ValueInTwenties"),
        (#"{"type": "Private", "value": 30, "when": "2025-06-01T00:00:00Z"}"#, "Early"),
    ])
    func theFirstMatchingChoiceRuleIsTaken(_ input: String, _ expected: String) async throws {
        let record = try await MachineRun(Self.choice).run(try json(input))
        #expect(record.output == .string(expected))
    }

    @Test func noMatchingRuleTakesTheDefault() async throws {
        let record = try await MachineRun(Self.choice).run(try json(#"{"type": "Private", "value": 31}"#))
        #expect(record.error == "DefaultStateError")
        #expect(
            record.events.map(\.type) == [
                "ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited", "FailStateEntered", "ExecutionFailed",
            ]
        )
    }

    static let wait = #"""
        {"StartAt": "W", "States": {
          "W": {"Type": "Wait", "TimestampPath": "$.send_at", "Next": "Done"},
          "Done": {"Type": "Succeed"}}}
        """#

    @Test func aWaitUntilALaterTimeStopsAndResumesOnceTheClockPassesIt() async throws {
        let run = try MachineRun(Self.wait)
        let input = try json(#"{"send_at": "2026-11-23T09:00:00Z"}"#)
        let waiting = try await run.run(input, at: Timestamp.parse("2026-11-22T10:00:00Z")!)
        #expect(waiting.status == .running)
        #expect(waiting.position?.waitUntil == "2026-11-23T09:00:00.000Z")
        let early = try await run.run(input, at: Timestamp.parse("2026-11-23T08:59:59Z")!, record: waiting)
        #expect(early.status == .running)
        let done = try await run.run(input, at: Timestamp.parse("2026-11-23T09:00:00Z")!, record: early)
        #expect(done.status == .succeeded)
        #expect(done.output == input)
        #expect(
            done.events.map(\.type) == [
                "ExecutionStarted", "WaitStateEntered", "WaitStateExited", "SucceedStateEntered", "SucceedStateExited",
                "ExecutionSucceeded",
            ]
        )
    }

    @Test func aWaitOfSecondsEndsThatLongAfterTheStateIsEntered() async throws {
        let run = try MachineRun(#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}"#)
        let start = Timestamp.parse("2026-11-22T10:00:00Z")!
        let waiting = try await run.run([:], at: start)
        #expect(waiting.position?.waitUntil == "2026-11-22T10:00:10.000Z")
        #expect(try await run.run([:], at: start.addingTimeInterval(10), record: waiting).status == .succeeded)
    }

    static let map = #"""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
          "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "factor.$": "$.factor"},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Times", "States": {
            "Times": {"Type": "Task", "Resource": "arn:aws:lambda:::function:Times", "End": true}}},
          "ResultPath": "$.results", "End": true}}}
        """#

    @Test func aMapRunsItsIteratorPerItemInOrderOfItemsAtMostMaxConcurrencyAtATime() async throws {
        let running = Counter()
        let record = try await MachineRun(Self.map).run(try json(#"{"items": [1, 2, 3, 4, 5], "factor": 10}"#)) {
            _,
            input in
            await running.enter()
            try await Task.sleep(for: .milliseconds(5))
            await running.leave()
            return .number(
                (input["value"]?.numberValue ?? 0) * (input["factor"]?.numberValue ?? 0)
                    + (input["index"]?.numberValue ?? 0)
            )
        }
        #expect(record.output?["results"] == (try json("[10, 21, 32, 43, 54]")))
        #expect(await running.most == 2)
        let types = record.events.map(\.type)
        #expect(types.filter { $0 == "MapIterationStarted" }.count == 5)
        #expect(types.filter { $0 == "MapIterationSucceeded" }.count == 5)
        #expect(types.first(where: { $0.hasPrefix("MapState") }) == "MapStateEntered")
        #expect(types.suffix(3) == ["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"])
    }

    @Test func aResumedMapRunsOnlyTheIterationsThatHadNotFinished() async throws {
        let run = try MachineRun(Self.map)
        let input = try json(#"{"items": [1, 2, 3], "factor": 1}"#)
        var start = ExecutionRecord(
            executionArn: "arn",
            name: "n",
            stateMachineArn: "sm",
            startDate: "2026-11-22T10:00:00.000Z",
            input: input,
            startAt: "M"
        )
        start.position = .init(state: "M", input: input, waitUntil: nil, mapResults: ["0": 100, "2": 300])
        start.events = [try HistoryEventFixture.started]
        let calls = Recorder<JSONValue>()
        let record = try await run.run(input, record: start) { _, item in
            calls.append(item)
            return 200
        }
        #expect(calls.all.map { $0["index"] } == [1])
        #expect(record.output?["results"] == (try json("[100, 200, 300]")))
    }

    @Test func aFailingIterationFailsTheMapWhichItsCatcherTakes() async throws {
        let definition = Self.map.replacingOccurrences(
            of: #""ResultPath": "$.results", "End": true}"#,
            with:
                #""ResultPath": "$.results", "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "F"}], "End": true}, "F": {"Type": "Pass", "End": true}"#
        )
        let record = try await MachineRun(definition).run(try json(#"{"items": [1, 2], "factor": 1}"#)) { _, item in
            if item["index"] == 1 { throw StatesError("Boom", "item 1") }
            return 1
        }
        #expect(record.status == .succeeded)
        #expect(record.output?["error"] == (try json(#"{"Error": "Boom", "Cause": "item 1"}"#)))
        #expect(record.events.map(\.type).contains("MapIterationFailed"))
    }
}

actor Counter {
    private var now = 0
    private(set) var most = 0

    func enter() {
        now += 1
        most = max(most, now)
    }

    func leave() { now -= 1 }
}
