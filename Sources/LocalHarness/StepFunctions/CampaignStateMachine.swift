import Foundation
import LocalAWS
import Shared
import WireFormat

/// The campaign state machine as the harness runs it: the definition the template deploys
/// (`infrastructure/statemachines/campaign.asl.json`), with its `DefinitionSubstitutions`
/// filled in with this system's function ARNs, and Tasks invoked through the local Lambda.
struct CampaignStateMachine: Sendable {
    static let file = "campaign.asl.json"
    /// The template's substitutions: the functions a Task names.
    static func substitutions(_ configuration: Configuration, account: String) -> [String: String] {
        ["ContractProcessorArn": functionArn(.contractProcessor, configuration, account: account)]
    }

    static func functionArn(_ function: FunctionName, _ configuration: Configuration, account: String) -> String {
        "arn:aws:lambda:\(configuration.region):\(account):function:\(function.deployedName(configuration))"
    }

    static func names(_ configuration: Configuration, account: String) -> StateMachineNames {
        StateMachineNames(
            region: configuration.region,
            account: account,
            stateMachine: configuration.resourceName("campaigns"),
            startAt: startAt
        )
    }

    /// The definition's first state, read from the bundled text alone: every command that opens a
    /// state names the machine and few run it, and building the definition (its substitutions, the
    /// check of every state) cost each fresh process half a millisecond. The substitutions fill in
    /// Task resources, never a state's name, so this is the built definition's `startAt` (tested).
    static let startAt: String = {
        guard let text = BundledStateMachines.files[file],
            case .object(let fields) = try? JSONValueParser.parse(Data(text.utf8)),
            case .string(let start)? = fields["StartAt"]
        else { return "" }
        return start
    }()

    /// The definition, checked (a definition the executor cannot run is refused here, naming the state).
    static func definition(_ configuration: Configuration, account: String) throws -> StateMachineDefinition {
        let text = StateMachineDefinition.substituting(
            BundledStateMachines.files[file] ?? "",
            substitutions(configuration, account: account)
        )
        return try StateMachineDefinition(json: Data(text.utf8))
    }

    /// A Task's resource on the local Lambda: `arn:aws:states:::lambda:invoke` with `FunctionName` and
    /// `Payload` answers Lambda's Invoke result (`Payload`, `StatusCode`, `ExecutedVersion`); a
    /// Lambda function ARN answers the function's result itself. A function error is the Task's
    /// error, named by its `errorType`, with Lambda's error payload as the cause.
    static func runTask(_ lambda: LocalLambda, resource: String, input: JSONValue) async throws -> JSONValue {
        let invokesThroughIntegration = resource == "arn:aws:states:::lambda:invoke"
        let target: String
        let payload: JSONValue
        if invokesThroughIntegration {
            guard case .object(let fields) = input, case .string(let name)? = fields["FunctionName"] else {
                throw StatesError("States.Runtime", "lambda:invoke needs Parameters with FunctionName and Payload")
            }
            (target, payload) = (name, fields["Payload"] ?? .object([:]))
        } else if resource.hasPrefix("arn:aws:lambda:") {
            (target, payload) = (resource, input)
        } else {
            throw StatesError("States.Runtime", "the resource \(resource) is not a Lambda function or lambda:invoke")
        }
        guard let function = FunctionName(lenient: String(target.split(separator: ":").last ?? "")) else {
            throw StatesError("Lambda.ResourceNotFoundException", "Function not found: \(target)")
        }
        let output: Data
        do {
            output = try await lambda.invoke(function, payload: try JSON.encode(payload), parent: nil)
        } catch let error as FunctionError {
            throw StatesError(
                error.errorType,
                JSON.string(["errorMessage": error.errorMessage, "errorType": error.errorType])
            )
        } catch {
            throw StatesError("Lambda.ServiceException", String(describing: error))
        }
        let result = try JSONValueParser.parse(output)
        guard invokesThroughIntegration else { return result }
        return ["ExecutedVersion": "$LATEST", "Payload": result, "StatusCode": 200]
    }
}
