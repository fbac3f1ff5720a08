import Foundation
import LocalAWS
import Shared
import Testing

/// What the executor does not implement is refused when the definition is loaded, naming the state and why.
@Suite("ASL definitions refused at load")
struct DefinitionLoadingTests {
    @Test(arguments: [
        (
            #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [], "End": true}}}"#,
            "state P: the state type Parallel"
        ),
        (
            MachineRun.single(#""Type": "Task", "Resource": "r", "HeartbeatSeconds": 5, "End": true"#),
            "state S: the field HeartbeatSeconds is not supported in a Task state"
        ),
        (
            MachineRun.single(#""Type": "Task", "Resource": "r", "TimeoutSeconds": 5, "End": true"#),
            "state S: the field TimeoutSeconds"
        ),
        (
            MachineRun.single(#""Type": "Pass", "Parameters": {"x.$": "States.UUID()"}, "End": true"#),
            "state S: 'States.UUID()' is not a supported path: the intrinsic function States.UUID is not supported"
        ),
        (MachineRun.single(#""Type": "Pass", "Next": "Nowhere""#), "state S: Next names no state (Nowhere)"),
        (MachineRun.single(#""Type": "Pass""#), #"state S: a state has either Next or "End": true"#),
        (
            MachineRun.single(
                #""Type": "Choice", "Choices": [{"Variable": "$.a", "StringMatches": "x*", "Next": "S"}]"#
            ),
            "state S: the comparison StringMatches is not supported"
        ),
        (
            MachineRun.single(
                #""Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "End": true"#
            ),
            "state S: only an INLINE Map is supported"
        ),
        (
            MachineRun.single(
                #""Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Wait", "Seconds": 1, "End": true}}}, "End": true"#
            ),
            "state I: a Wait state inside a Map's iterator is not supported"
        ),
        (
            MachineRun.single(
                #""Type": "Task", "Resource": "r", "End": true, "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}]"#
            ),
            "state S: States.ALL must be in the last entry of Retry"
        ),
        (
            MachineRun.single(#""Type": "Pass", "ResultPath": "$.a[*]", "End": true"#),
            "state S: ResultPath must be a Reference Path"
        ),
        (
            #"{"StartAt": "S", "QueryLanguage": "JSONata", "States": {"S": {"Type": "Succeed"}}}"#,
            "only the JSONPath query language"
        ),
    ])
    func anUnsupportedDefinitionIsRefusedNamingTheStateAndWhy(_ definition: String, _ message: String) throws {
        #expect {
            _ = try StateMachineDefinition(json: Data(definition.utf8))
        } throws: { error in
            String(describing: error).contains(message)
        }
    }

    @Test func theCampaignDefinitionLoads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("infrastructure/statemachines/campaign.asl.json")
        let text = StateMachineDefinition.substituting(
            String(decoding: try Data(contentsOf: url), as: UTF8.self),
            ["ContractProcessorArn": "arn:aws:lambda:us-east-1:123456789012:function:f"]
        )
        let definition = try StateMachineDefinition(json: Data(text.utf8))
        #expect(definition.startAt == "HasSendAt")
        #expect(
            Set(definition.states.keys) == [
                "HasSendAt", "WaitUntilSendAt", "StartCampaign", "RunBatches", "FinishCampaign", "Summary", "Done",
                "MarkFailed", "Failed",
            ]
        )
    }
}
