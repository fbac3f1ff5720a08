import Foundation
import WireFormat

/// A REST API (payload version 1.0) proxy event, as API Gateway sends it to a Lambda function.
public struct APIGatewayRequest: Codable, Sendable {
    public let resource: String
    public let path: String
    public let httpMethod: String
    public let headers: [String: String]
    public let multiValueHeaders: [String: [String]]
    public let queryStringParameters: [String: String]
    public let multiValueQueryStringParameters: [String: [String]]
    public let pathParameters: [String: String]
    public let stageVariables: [String: String]
    public let requestContext: Context
    public let body: String?
    public let isBase64Encoded: Bool

    /// Builds a request the way API Gateway would send it; the harness writes these as event files.
    public init(
        resource: String? = nil,
        path: String,
        httpMethod: String,
        headers: [String: String] = [:],
        multiValueHeaders: [String: [String]] = [:],
        queryStringParameters: [String: String] = [:],
        multiValueQueryStringParameters: [String: [String]] = [:],
        pathParameters: [String: String] = [:],
        stageVariables: [String: String] = [:],
        requestContext: Context = Context(),
        body: String? = nil,
        isBase64Encoded: Bool = false
    ) {
        self.resource = resource ?? path
        self.path = path
        self.httpMethod = httpMethod
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.queryStringParameters = queryStringParameters
        self.multiValueQueryStringParameters = multiValueQueryStringParameters
        self.pathParameters = pathParameters
        self.stageVariables = stageVariables
        self.requestContext = requestContext
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        resource = try container.decode(String.self, forKey: .resource)
        path = try container.decode(String.self, forKey: .path)
        httpMethod = try container.decode(String.self, forKey: .httpMethod)
        headers = try container.decodeOrEmpty(forKey: .headers)
        multiValueHeaders = try container.decodeOrEmpty(forKey: .multiValueHeaders)
        queryStringParameters = try container.decodeOrEmpty(forKey: .queryStringParameters)
        multiValueQueryStringParameters = try container.decodeOrEmpty(forKey: .multiValueQueryStringParameters)
        pathParameters = try container.decodeOrEmpty(forKey: .pathParameters)
        stageVariables = try container.decodeOrEmpty(forKey: .stageVariables)
        requestContext = try container.decode(Context.self, forKey: .requestContext)
        body = try container.decodeIfPresent(String.self, forKey: .body)
        isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
    }
}

extension APIGatewayRequest {
    /// `requestContext`: every member is optional because console tests and custom tools send partial contexts.
    public struct Context: Codable, Sendable {
        public let accountId: String?
        public let apiId: String?
        public let stage: String?
        public let requestId: String?
        public let resourceId: String?
        public let resourcePath: String?
        public let httpMethod: String?
        public let path: String?
        public let domainName: String?
        public let domainPrefix: String?
        public let extendedRequestId: String?
        public let `protocol`: String?
        public let requestTime: String?
        public let requestTimeEpoch: Int64?
        public let identity: Identity?
        public let authorizer: Authorizer?

        public init(
            accountId: String? = nil,
            apiId: String? = nil,
            stage: String? = nil,
            requestId: String? = nil,
            resourceId: String? = nil,
            resourcePath: String? = nil,
            httpMethod: String? = nil,
            path: String? = nil,
            domainName: String? = nil,
            domainPrefix: String? = nil,
            extendedRequestId: String? = nil,
            protocol: String? = nil,
            requestTime: String? = nil,
            requestTimeEpoch: Int64? = nil,
            identity: Identity? = nil,
            authorizer: Authorizer? = nil
        ) {
            self.accountId = accountId
            self.apiId = apiId
            self.stage = stage
            self.requestId = requestId
            self.resourceId = resourceId
            self.resourcePath = resourcePath
            self.httpMethod = httpMethod
            self.path = path
            self.domainName = domainName
            self.domainPrefix = domainPrefix
            self.extendedRequestId = extendedRequestId
            self.protocol = `protocol`
            self.requestTime = requestTime
            self.requestTimeEpoch = requestTimeEpoch
            self.identity = identity
            self.authorizer = authorizer
        }
    }

    /// The caller as API Gateway saw it; IAM and Cognito identity pool fields are set only for those auth types.
    public struct Identity: Codable, Sendable {
        public let sourceIp: String?
        public let userAgent: String?
        public let accountId: String?
        public let apiKey: String?
        public let apiKeyId: String?
        public let accessKey: String?
        public let caller: String?
        public let user: String?
        public let userArn: String?
        public let principalOrgId: String?
        public let cognitoIdentityId: String?
        public let cognitoIdentityPoolId: String?
        public let cognitoAuthenticationType: String?
        public let cognitoAuthenticationProvider: String?

        public init(
            sourceIp: String? = nil,
            userAgent: String? = nil,
            accountId: String? = nil,
            apiKey: String? = nil,
            apiKeyId: String? = nil,
            accessKey: String? = nil,
            caller: String? = nil,
            user: String? = nil,
            userArn: String? = nil,
            principalOrgId: String? = nil,
            cognitoIdentityId: String? = nil,
            cognitoIdentityPoolId: String? = nil,
            cognitoAuthenticationType: String? = nil,
            cognitoAuthenticationProvider: String? = nil
        ) {
            self.sourceIp = sourceIp
            self.userAgent = userAgent
            self.accountId = accountId
            self.apiKey = apiKey
            self.apiKeyId = apiKeyId
            self.accessKey = accessKey
            self.caller = caller
            self.user = user
            self.userArn = userArn
            self.principalOrgId = principalOrgId
            self.cognitoIdentityId = cognitoIdentityId
            self.cognitoIdentityPoolId = cognitoIdentityPoolId
            self.cognitoAuthenticationType = cognitoAuthenticationType
            self.cognitoAuthenticationProvider = cognitoAuthenticationProvider
        }
    }

    /// `requestContext.authorizer`: a free-form object (Cognito puts `claims` here, a Lambda authorizer its context).
    public struct Authorizer: Codable, Sendable {
        /// Every member exactly as sent.
        public let values: [String: JSONValue]

        public init(values: [String: JSONValue]) {
            self.values = values
        }

        /// Cognito user-pool claims as text; empty when `claims` is absent or null.
        public var claims: [String: String] {
            guard case .object(let claims) = values["claims"] else { return [:] }
            return claims.claimStrings
        }

        /// The principal a Lambda authorizer returned.
        public var principalId: String? {
            values["principalId"]?.stringValue
        }

        public subscript(key: String) -> JSONValue? {
            values[key]
        }

        public init(from decoder: Decoder) throws {
            values = try decoder.singleValueContainer().decode([String: JSONValue].self)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(values)
        }
    }
}

/// The answer a Lambda function gives a REST API (payload version 1.0) proxy integration.
public struct APIGatewayResponse: Codable, Sendable {
    public var statusCode: Int
    public var headers: [String: String]?
    public var multiValueHeaders: [String: [String]]?
    public var body: String?
    public var isBase64Encoded: Bool?

    public init(
        statusCode: Int,
        headers: [String: String]? = nil,
        multiValueHeaders: [String: [String]]? = nil,
        body: String? = nil,
        isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }
}
