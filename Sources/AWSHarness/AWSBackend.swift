import AWSClients
import Foundation
import LocalAWS
import LocalHarness
import Shared

/// `--backend aws`: the system on DynamoDB, S3 and SES through the AWS clients.
public enum AWSBackend {
    /// Makes `--backend aws` available in this process.
    public static func register() {
        Backend.awsFactory = { endpoint, environment in
            let aws: AWSConfiguration
            do {
                aws = try AWSConfiguration(
                    environment: environment,
                    endpoint: try endpoint.map(AWSConfiguration.endpoint)
                )
            } catch let error as AWSConfigurationError {
                throw UsageError(error.message)
            }
            let stack = environment["TESTEX_STACK"].flatMap { $0.isEmpty ? nil : $0 }
            let stackSuffix = stack.map { "/\($0)" } ?? ""
            return RemoteBackend(
                description: "aws (\(describe(aws)))" + (stack.map { ", stack \($0)" } ?? ""),
                initializationKey: { "\($0.rawValue)@\(describe(aws))" + stackSuffix },
                open: { state, configuration, clock in
                    try LocalSystem.aws(aws, state: state, configuration: configuration, clock: clock)
                },
                afterInitialize: { configuration in
                    // An emulator verifies at once; on AWS the template's SES identity is verified by email.
                    if aws.endpoint(for: .ses) != nil {
                        try await SESMailSender(configuration: aws).verifyEmailIdentity(configuration.senderEmail)
                    }
                },
                links: PresignedLinkRequester(),
                checkProvisioned: stack.map { name in { system in try await checkStack(name, aws, system) } }
            )
        }
    }

    /// The endpoints requests go to: one for all, each service's own, or AWS's region.
    static func describe(_ aws: AWSConfiguration) -> String {
        let own = aws.serviceEndpoints.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.key.rawValue) \($0.value.absoluteString)" }
        let rest = aws.endpoint?.absoluteString ?? "region \(aws.region)"
        return own.isEmpty ? rest : (own + ["others \(rest)"]).joined(separator: ", ")
    }
}

extension PresignedLinkRequester: PresignedLinkClient {
    public func send(
        _ method: String,
        to link: String,
        body: Data?,
        headers: [String: String]
    ) async throws -> PresignedLinkAnswer {
        let answer = try await request(method, to: link, body: body, headers: headers)
        let error = answer.errorCode.map { (code: $0, message: answer.errorMessage ?? "") }
        return PresignedLinkAnswer(
            status: answer.status,
            body: answer.body,
            contentType: answer.contentType,
            error: error
        )
    }
}

/// `TESTEX_STACK`: the tables and buckets are the stack's, found through its outputs; each must
/// be what the code expects, or nothing runs.
private func checkStack(_ name: String, _ aws: AWSConfiguration, _ system: LocalSystem) async throws {
    let stack = try await CloudFormationStacks(configuration: aws).describe(name)
    let problems = try await stack.problems(for: system.configuration, tables: system.tables, objects: system.objects)
    guard problems.isEmpty else { throw UsageError(problems.joined(separator: "; ")) }
}

/// Mail through SES, with a copy of each accepted message kept in the state's outbox under the
/// id SES answered, since SES has no API to read sent mail back.
struct SESOutbox: MailOutbox {
    let ses: SESMailSender
    let copies: FileMailOutbox

    func sendEmail(_ request: SendEmailRequest) async throws -> String {
        try await copies.sendEmail(request, deliveringThrough: ses)
    }

    func sendRawEmail(from: String?, destinations: [String], rawMessage: Data) async throws -> String {
        try await copies.sendRawEmail(
            from: from,
            destinations: destinations,
            rawMessage: rawMessage,
            deliveringThrough: ses
        )
    }

    func list() async throws -> [OutboxRecord] { try await copies.list() }
    func message(id: String) async throws -> OutboxMessage? { try await copies.message(id: id) }
}

extension LocalSystem {
    /// The system on AWS services: tables on DynamoDB, objects on S3, mail through SES, links
    /// presigned for S3. The handlers still run in this process; their logs, copies of sent mail
    /// and the state's signing keys (of bearer tokens) stay in `state`, as for the local backend.
    public static func aws(
        _ aws: AWSConfiguration,
        state: StateDirectory,
        configuration: Configuration,
        clock: Clock,
        ids: IDGenerator = .random
    ) throws -> LocalSystem {
        let copies = FileMailOutbox(
            root: state.outbox,
            verifiedIdentities: [configuration.senderEmail],
            region: aws.region,
            clock: clock.now
        )
        return LocalSystem(
            configuration: configuration,
            clock: clock,
            ids: ids,
            state: state,
            tables: DynamoDBTableStore(configuration: aws),
            objects: S3ObjectStore(configuration: aws),
            outbox: SESOutbox(ses: SESMailSender(configuration: aws), copies: copies),
            logs: FileLogStore(root: state.logs),
            queue: FileInvocationQueue(root: state.queue),
            backend: .local,
            keys: try state.signingKeys(),
            linkPresigner: S3URLPresigner(configuration: aws)
        )
    }
}
