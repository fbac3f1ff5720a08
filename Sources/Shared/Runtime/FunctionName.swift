/// The five functions of the system, by router name.
public enum FunctionName: String, Sendable, Codable, CaseIterable {
    case apiGateway = "ApiGateway"
    case contractProcessor = "ContractProcessor"
    case databaseManager = "DatabaseManager"
    case fileHandler = "FileHandler"
    case notificationService = "NotificationService"

    /// `contract-processor`, the suffix of the deployed name.
    public var kebabName: String {
        switch self {
        case .apiGateway: "api-gateway"
        case .contractProcessor: "contract-processor"
        case .databaseManager: "database-manager"
        case .fileHandler: "file-handler"
        case .notificationService: "notification-service"
        }
    }

    /// `{env}-testex-contract-processor`.
    public func deployedName(_ configuration: Configuration) -> String {
        configuration.resourceName(kebabName)
    }

    /// `/aws/lambda/{env}-testex-contract-processor`, the function's log group.
    public func logGroup(_ configuration: Configuration) -> String {
        "/aws/lambda/\(deployedName(configuration))"
    }

    /// Accepts the router name, the kebab name or the deployed name, case-insensitively.
    public init?(lenient name: String) {
        let lowered = name.lowercased()
        guard
            let match = FunctionName.allCases.first(where: {
                $0.rawValue.lowercased() == lowered || $0.kebabName == lowered
                    || lowered.hasSuffix("-testex-\($0.kebabName)")
            })
        else { return nil }
        self = match
    }
}
