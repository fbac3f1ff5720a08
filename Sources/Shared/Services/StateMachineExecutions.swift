/// Starts executions of a Step Functions state machine, as `StartExecution` does.
import WireFormat

public protocol StateMachineExecutions: Sendable {
    /// Starts an execution of `stateMachine` named `name` with `input` and answers its ARN. A
    /// name already used answers the existing execution's ARN and starts nothing (as
    /// StartExecution does for the same name and input), so a retried start is harmless.
    func startExecution(stateMachine: String, name: String, input: JSONValue) async throws -> String
}

/// Where no state machine can be started: every start is refused.
public struct NoStateMachineExecutions: StateMachineExecutions {
    public init() {}

    public func startExecution(stateMachine: String, name: String, input: JSONValue) async throws -> String {
        throw DomainError.unavailable("no state machine executor is configured here")
    }
}
