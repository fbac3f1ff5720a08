import Foundation
import LocalAWS
import Shared

/// A backend served by remote services: how to open the system on it, what initialization is
/// recorded under, what to do once tables and buckets exist, and where its presigned links go.
public struct RemoteBackend: Sendable {
    public let description: String
    public let initializationKey: @Sendable (Environment) -> String
    public let open: @Sendable (StateDirectory, Configuration, Clock) throws -> LocalSystem
    public let afterInitialize: @Sendable (Configuration) async throws -> Void
    public let links: any PresignedLinkClient
    /// For resources a deployment made (a CloudFormation stack): checks they are what the code
    /// expects, in place of creating them; nil creates what is missing.
    public let checkProvisioned: (@Sendable (LocalSystem) async throws -> Void)?

    public init(
        description: String,
        initializationKey: @escaping @Sendable (Environment) -> String,
        open: @escaping @Sendable (StateDirectory, Configuration, Clock) throws -> LocalSystem,
        afterInitialize: @escaping @Sendable (Configuration) async throws -> Void,
        links: any PresignedLinkClient,
        checkProvisioned: (@Sendable (LocalSystem) async throws -> Void)? = nil
    ) {
        self.description = description
        self.initializationKey = initializationKey
        self.open = open
        self.afterInitialize = afterInitialize
        self.links = links
        self.checkProvisioned = checkProvisioned
    }
}

/// Where `testex-local` keeps tables, objects and mail: the stand-ins in the state directory, or
/// DynamoDB, S3 and SES at an AWS endpoint (moto, LocalStack, or AWS itself without one).
public enum Backend: Sendable {
    case local
    case aws(RemoteBackend)

    /// Builds the AWS backend from `--endpoint` and the environment. Only executables that link
    /// the AWS clients set it (`testex-local-aws`, the tests): the networking stack they need
    /// would otherwise be loaded by every `testex-local` start. `testex-local` hands
    /// `--backend aws` over to `testex-local-aws`.
    nonisolated(unsafe) public static var awsFactory:
        (@Sendable (_ endpoint: String?, _ environment: [String: String]) throws -> RemoteBackend)?

    /// `--backend local|aws` (else `TESTEX_BACKEND`) and `--endpoint URL` (else `TESTEX_ENDPOINT`);
    /// the AWS backend reads the region and credentials from the standard variables.
    static func resolve(backend: String?, endpoint: String?, environment: [String: String]) throws -> Backend {
        let name = backend ?? environment["TESTEX_BACKEND"].flatMap { $0.isEmpty ? nil : $0 } ?? "local"
        switch name {
        case "local":
            if endpoint != nil { throw UsageError("--endpoint needs --backend aws") }
            return .local
        case "aws":
            guard let factory = awsFactory else {
                throw UsageError("this build has no AWS backend; run testex-local-aws (built beside testex-local)")
            }
            return .aws(
                try factory(endpoint ?? environment["TESTEX_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }, environment)
            )
        default:
            throw UsageError("unknown backend '\(name)'; one of local, aws")
        }
    }

    /// Whether a command line or environment asks for the AWS backend.
    public static func requested(_ words: [String], environment: [String: String]) -> Bool {
        if let index = words.firstIndex(of: "--backend"), index + 1 < words.count { return words[index + 1] == "aws" }
        if words.contains("--backend=aws") { return true }
        return environment["TESTEX_BACKEND"] == "aws" && !words.contains("--backend")
            && !words.contains { $0.hasPrefix("--backend=") }
    }

    /// The name an initialization is recorded under in the state directory's marker: the
    /// environment, plus the endpoint for the AWS backend, so each target is initialized once.
    func initializationKey(_ environment: Environment) -> String {
        switch self {
        case .local: environment.rawValue
        case .aws(let remote): remote.initializationKey(environment)
        }
    }
}
