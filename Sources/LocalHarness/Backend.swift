import AWSClients
import Foundation
import LocalAWS
import Shared

/// Where `testex-local` keeps tables, objects and mail: the stand-ins in the state directory, or
/// DynamoDB, S3 and SES at an AWS endpoint (moto, LocalStack, or AWS itself without one).
public enum Backend: Sendable {
    case local
    case aws(AWSConfiguration)

    /// `--backend local|aws` (else `TESTEX_BACKEND`) and `--endpoint URL` (else `TESTEX_ENDPOINT`);
    /// the AWS backend reads the region and credentials from the standard variables.
    static func resolve(backend: String?, endpoint: String?, environment: [String: String]) throws -> Backend {
        let name = backend ?? environment["TESTEX_BACKEND"].flatMap { $0.isEmpty ? nil : $0 } ?? "local"
        switch name {
        case "local":
            if endpoint != nil { throw UsageError("--endpoint needs --backend aws") }
            return .local
        case "aws":
            let endpoint = endpoint ?? environment["TESTEX_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            do {
                return .aws(try AWSConfiguration(environment: environment, endpoint: try endpoint.map(AWSConfiguration.endpoint)))
            } catch let error as AWSConfigurationError {
                throw UsageError(error.message)
            }
        default:
            throw UsageError("unknown backend '\(name)'; one of local, aws")
        }
    }

    /// The name an initialization is recorded under in the state directory's marker: the
    /// environment, plus the endpoint for the AWS backend, so each target is initialized once.
    func initializationKey(_ environment: Environment) -> String {
        switch self {
        case .local: environment.rawValue
        case .aws(let aws): "\(environment.rawValue)@\(aws.endpoint?.absoluteString ?? "aws:\(aws.region)")"
        }
    }
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
        try await copies.sendRawEmail(from: from, destinations: destinations, rawMessage: rawMessage, deliveringThrough: ses)
    }

    func list() async throws -> [OutboxRecord] { try await copies.list() }
    func message(id: String) async throws -> OutboxMessage? { try await copies.message(id: id) }
}

extension LocalSystem {
    /// The system on AWS services: tables on DynamoDB, objects on S3, mail through SES. The
    /// handlers still run in this process; their logs and copies of sent mail stay in `state`.
    public static func aws(_ aws: AWSConfiguration, state: StateDirectory, configuration: Configuration, clock: Clock,
                           ids: IDGenerator = .random) -> LocalSystem {
        let copies = FileMailOutbox(root: state.outbox, verifiedIdentities: [configuration.senderEmail], region: aws.region, clock: clock.now)
        return LocalSystem(configuration: configuration, clock: clock, ids: ids, state: state,
                           tables: DynamoDBTableStore(configuration: aws), objects: S3ObjectStore(configuration: aws),
                           outbox: SESOutbox(ses: SESMailSender(configuration: aws), copies: copies),
                           logs: FileLogStore(root: state.logs), queue: FileInvocationQueue(root: state.queue), backend: .aws(aws))
    }
}
