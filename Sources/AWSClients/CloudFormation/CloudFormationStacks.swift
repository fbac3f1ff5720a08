import Foundation
import Shared
import Signing
import WireFormat

/// A deployed stack as CloudFormation's DescribeStacks answers it: its status and outputs.
public struct DeployedStack: Sendable, Hashable {
    public let name: String
    public let status: String
    public let outputs: [String: String]

    public init(name: String, status: String, outputs: [String: String]) {
        self.name = name
        self.status = status
        self.outputs = outputs
    }
}

/// CloudFormation's Query API, for what a client of a deployed stack reads: DescribeStacks.
public struct CloudFormationStacks: Sendable {
    private let client: AWSServiceClient

    public init(
        configuration: AWSConfiguration,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        client = AWSServiceClient(
            configuration: configuration,
            service: .cloudformation,
            transport: transport,
            clock: clock
        )
    }

    /// The stack named `name`; an error naming it when there is none.
    public func describe(_ name: String) async throws -> DeployedStack {
        let form = [("Action", "DescribeStacks"), ("StackName", name), ("Version", "2010-05-15")]
            .map { URIEncoding.formEncode($0.0) + "=" + URIEncoding.formEncode($0.1) }.joined(separator: "&")
        let headers = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
        let answer = try await client.send(AWSRequest(method: "POST", headers: headers, body: Data(form.utf8)))
        let document = XMLNode.parse(answer.body)
        guard answer.isSuccess, let stack = document?.first("Stacks")?.child("member") else {
            let error = document?.first("Error")
            throw AWSServiceError(
                service: "cloudformation",
                status: answer.status,
                code: error?.value("Code") ?? "HTTP\(answer.status)",
                message: error?.value("Message") ?? "stack \(name) was not described"
            )
        }
        var outputs: [String: String] = [:]
        for member in stack.child("Outputs")?.children("member") ?? [] {
            if let key = member.value("OutputKey") { outputs[key] = member.value("OutputValue") ?? "" }
        }
        return DeployedStack(
            name: stack.value("StackName") ?? name,
            status: stack.value("StackStatus") ?? "?",
            outputs: outputs
        )
    }
}
