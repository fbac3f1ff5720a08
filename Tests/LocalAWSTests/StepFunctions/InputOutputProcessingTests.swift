import Foundation
import LocalAWS
import Shared
import Testing

/// Input and output processing, with the inputs and expected outputs of the States Language
/// specification's own examples ("Input and Output Processing", "Payload Template", "Pass State").
@Suite("ASL input and output processing")
struct InputOutputProcessingTests {
    @Test func inputPathAndResultPathPlaceTheSumBesideTheNumbers() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #""Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Add", "InputPath": "$.numbers", "ResultPath": "$.sum", "End": true"#
            )
        )
        let record = try await run.run(try json(#"{"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}}"#)) {
            _,
            input in
            .number((input["val1"]?.numberValue ?? 0) + (input["val2"]?.numberValue ?? 0))
        }
        #expect(record.status == .succeeded)
        #expect(
            record.output == (try json(#"{"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}, "sum": 7}"#))
        )
    }

    @Test func outputPathSelectsTheSumAlone() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #""Type": "Pass", "Result": 7, "InputPath": "$.numbers", "ResultPath": "$.sum", "OutputPath": "$.sum", "End": true"#
            )
        )
        let record = try await run.run(try json(#"{"numbers": {"val1": 3, "val2": 4}}"#))
        #expect(record.output == 7)
    }

    @Test func resultPathOverwritesAFieldOrBuildsTheObjectsOnTheWay() async throws {
        let input = try json(#"{"master": {"detail": [1, 2, 3]}}"#)
        let overwrite = try MachineRun(
            MachineRun.single(#""Type": "Pass", "Result": 6, "ResultPath": "$.master.detail", "End": true"#)
        )
        #expect(try await overwrite.run(input).output == (try json(#"{"master": {"detail": 6}}"#)))
        let chain = try MachineRun(
            MachineRun.single(#""Type": "Pass", "Result": 6, "ResultPath": "$.master.result.sum", "End": true"#)
        )
        #expect(
            try await chain.run(input).output == (try json(#"{"master": {"detail": [1, 2, 3], "result": {"sum": 6}}}"#))
        )
        let greeting = try MachineRun(
            MachineRun.single(#""Type": "Pass", "Result": "Hi!", "ResultPath": "$.b.greeting", "End": true"#)
        )
        #expect(
            try await greeting.run(try json(#"{"a": 1}"#)).output == (try json(#"{"a": 1, "b": {"greeting": "Hi!"}}"#))
        )
    }

    @Test func aResultPathThatCannotApplyFailsWithResultPathMatchFailure() async throws {
        let run = try MachineRun(MachineRun.single(#""Type": "Pass", "Result": 1, "ResultPath": "$.x", "End": true"#))
        let record = try await run.run("foo")
        #expect(record.status == .failed)
        #expect(record.error == "States.ResultPathMatchFailure")
    }

    @Test func nullPathsDiscardTheInputTheResultOrTheOutput() async throws {
        let input = try json(#"{"a": 1}"#)
        let noInput = try MachineRun(
            MachineRun.single(
                #""Type": "Task", "Resource": "arn:aws:lambda:::function:F", "InputPath": null, "End": true"#
            )
        )
        #expect(try await noInput.run(input).output == .object([:]))
        let noResult = try MachineRun(
            MachineRun.single(#""Type": "Pass", "Result": 5, "ResultPath": null, "End": true"#)
        )
        #expect(try await noResult.run(input).output == input)
        let noOutput = try MachineRun(MachineRun.single(#""Type": "Pass", "OutputPath": null, "End": true"#))
        #expect(try await noOutput.run(input).output == .object([:]))
    }

    @Test func thePayloadTemplateExampleTakesPathsSlicesTheContextAndStatesFormat() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #"""
                "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:task:X", "End": true,
                "Parameters": {"flagged": true, "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[-3:]"},
                               "weekday.$": "$$.Execution.Input.DayOfWeek",
                               "formattedOutput.$": "States.Format('Today is {}', $$.Execution.Input.DayOfWeek)"}
                """#
            )
        )
        let input = try json(#"{"flagged": 7, "vals": [0, 10, 20, 30, 40, 50], "DayOfWeek": "TUESDAY"}"#)
        let record = try await run.run(input)
        #expect(
            record.output
                == (try json(
                    #"{"flagged": true, "parts": {"first": 0, "last3": [30, 40, 50]}, "weekday": "TUESDAY", "formattedOutput": "Today is TUESDAY"}"#
                ))
        )
    }

    @Test func thePassStateExampleInjectsItsResult() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #""Type": "Pass", "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355}, "ResultPath": "$.coords", "End": true"#
            )
        )
        let record = try await run.run(try json(#"{"georefOf": "Home"}"#))
        #expect(
            record.output
                == (try json(#"{"georefOf": "Home", "coords": {"x-datum": 0.381018, "y-datum": 622.2269926397355}}"#))
        )
    }

    @Test func resultSelectorShapesTheRawResultBeforeResultPath() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #"""
                "Type": "Task", "Resource": "arn:aws:lambda:::function:F", "End": true,
                "ResultSelector": {"id.$": "$.Payload.id", "size.$": "States.ArrayLength($.Payload.items)"}, "ResultPath": "$.found"
                """#
            )
        )
        let record = try await run.run(try json(#"{"q": 1}"#)) { _, _ in
            try json(#"{"Payload": {"id": "A", "items": [1, 2, 3]}, "StatusCode": 200}"#)
        }
        #expect(record.output == (try json(#"{"q": 1, "found": {"id": "A", "size": 3}}"#)))
    }

    @Test func intrinsicFunctionsEvaluateNestedAndLiteralArguments() async throws {
        let run = try MachineRun(
            MachineRun.single(
                #"""
                "Type": "Pass", "End": true,
                "Parameters": {"sum.$": "States.MathAdd($.n, 111)", "text.$": "States.JsonToString($.o)",
                               "list.$": "States.Array('a', $.n, null)", "greeting.$": "States.Format('Welcome to {} {}\\'s playlist.', $.first, $.last)"}
                """#
            )
        )
        let record = try await run.run(try json(#"{"n": 1, "o": {"k": [1]}, "first": "Jane", "last": "Doe"}"#))
        #expect(
            record.output
                == (try json(
                    #"{"sum": 112, "text": "{\"k\":[1]}", "list": ["a", 1, null], "greeting": "Welcome to Jane Doe's playlist."}"#
                ))
        )
    }

    @Test func aPathThatSelectsNothingFailsWithParameterPathFailure() async throws {
        let run = try MachineRun(MachineRun.single(#""Type": "Pass", "Parameters": {"x.$": "$.missing"}, "End": true"#))
        let record = try await run.run(try json(#"{"a": 1}"#))
        #expect(record.error == "States.ParameterPathFailure")
    }
}
