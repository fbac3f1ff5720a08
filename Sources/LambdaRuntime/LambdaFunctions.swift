import AWSClients
import ApiGateway
import ContractProcessor
import DatabaseManager
import FileHandler
import Foundation
import HandlerRuntime
import NotificationService
import Shared

/// The wiring of one deployed function: which function this process is, and its services on
/// AWS (tables on DynamoDB, objects on S3, mail through SES, other functions through Lambda's
/// Invoke API), read once from the environment Lambda sets.
public enum LambdaFunctions {
    /// `TESTEX_FUNCTION`, else `_HANDLER` (the template's `Handler`), else `AWS_LAMBDA_FUNCTION_NAME`;
    /// each may be the router name, the kebab name or the deployed name.
    public static func function(environment: [String: String]) throws -> FunctionName {
        let candidates = ["TESTEX_FUNCTION", "_HANDLER", "AWS_LAMBDA_FUNCTION_NAME"].compactMap { name in
            environment[name].flatMap { $0.isEmpty ? nil : (name, $0) }
        }
        guard let (variable, value) = candidates.first else {
            throw AWSConfigurationError("no function named: set _HANDLER (the template's Handler) or TESTEX_FUNCTION")
        }
        guard let function = FunctionName(lenient: value) else {
            throw AWSConfigurationError(
                "\(variable)=\(value) is not one of \(FunctionName.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return function
    }

    /// The services a handler gets on AWS, from `ENVIRONMENT`, `LOG_LEVEL`, `SENDER_EMAIL`, the
    /// credentials variables, `AWS_REGION`, and optionally the endpoints (`AWS_ENDPOINT_URL`,
    /// `AWS_ENDPOINT_URL_<SERVICE>`) and `SES_CONFIGURATION_SET` (the configuration set every
    /// message names). Presigned links are signed with the function's credentials, session token included.
    public static func services(
        environment: [String: String],
        transport: any HTTPTransport = URLSessionTransport()
    ) throws -> Services {
        let configuration = try Configuration(variables: environment)
        let aws = try AWSConfiguration(environment: environment)
        let mail = SESMailSender(
            configuration: aws,
            transport: transport,
            configurationSet: environment["SES_CONFIGURATION_SET"]
        )
        return Services(
            configuration: configuration,
            tables: DynamoDBTableStore(configuration: aws, transport: transport),
            objects: S3ObjectStore(configuration: aws, transport: transport),
            mail: mail,
            functions: LambdaFunctionInvoker(configuration: configuration, aws: aws, transport: transport),
            clock: .live,
            ids: .random,
            presigner: S3URLPresigner(configuration: aws),
            webhooks: HTTPWebhookTransport(transport: transport)
        )
    }

    /// The function's handler, built once with its services.
    public static func handler(for function: FunctionName, services: Services) -> any ByteHandler {
        switch function {
        case .apiGateway: CodableHandler(ApiGatewayHandler(services: services))
        case .contractProcessor: CodableHandler(ContractProcessorHandler(services: services))
        case .databaseManager: CodableHandler(DatabaseManagerHandler(services: services))
        case .fileHandler: CodableHandler(FileHandlerHandler(services: services))
        case .notificationService: CodableHandler(NotificationServiceHandler(services: services))
        }
    }
}
