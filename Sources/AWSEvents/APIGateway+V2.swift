import Foundation
import WireFormat

/// An HTTP API (payload version 2.0) proxy event, as API Gateway sends it to a Lambda function.
public struct APIGatewayV2Request: Codable, Sendable {
    public let version: String?
    public let routeKey: String
    public let rawPath: String
    public let rawQueryString: String
    public let cookies: [String]
    public let headers: [String: String]
    public let queryStringParameters: [String: String]
    public let pathParameters: [String: String]
    public let stageVariables: [String: String]
    public let requestContext: Context
    public let body: String?
    public let isBase64Encoded: Bool

    /// Builds a request the way API Gateway would send it; the harness writes these as event files.
    public init(
        routeKey: String = "$default",
        rawPath: String,
        rawQueryString: String = "",
        cookies: [String] = [],
        headers: [String: String] = [:],
        queryStringParameters: [String: String] = [:],
        pathParameters: [String: String] = [:],
        stageVariables: [String: String] = [:],
        requestContext: Context,
        body: String? = nil,
        isBase64Encoded: Bool = false
    ) {
        self.version = "2.0"
        self.routeKey = routeKey
        self.rawPath = rawPath
        self.rawQueryString = rawQueryString
        self.cookies = cookies
        self.headers = headers
        self.queryStringParameters = queryStringParameters
        self.pathParameters = pathParameters
        self.stageVariables = stageVariables
        self.requestContext = requestContext
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        requestContext = try container.decode(Context.self, forKey: .requestContext)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        // Hand-written events often carry only the context's copies of these.
        routeKey =
            try container.decodeIfPresent(String.self, forKey: .routeKey)
            ?? requestContext.routeKey ?? "$default"
        rawPath = try container.decodeIfPresent(String.self, forKey: .rawPath) ?? requestContext.http.path
        rawQueryString = try container.decodeIfPresent(String.self, forKey: .rawQueryString) ?? ""
        cookies = try container.decodeOrEmpty(forKey: .cookies)
        headers = try container.decodeOrEmpty(forKey: .headers)
        queryStringParameters = try container.decodeOrEmpty(forKey: .queryStringParameters)
        pathParameters = try container.decodeOrEmpty(forKey: .pathParameters)
        stageVariables = try container.decodeOrEmpty(forKey: .stageVariables)
        body = try container.decodeIfPresent(String.self, forKey: .body)
        isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
    }
}

extension APIGatewayV2Request {
    /// `requestContext` of an HTTP API event.
    public struct Context: Codable, Sendable {
        public let accountId: String
        public let apiId: String
        public let domainName: String?
        public let domainPrefix: String?
        public let http: HTTP
        public let requestId: String
        public let routeKey: String?
        public let stage: String
        public let time: String?
        public let timeEpoch: Int64?
        public let authorizer: Authorizer?

        public init(
            accountId: String,
            apiId: String,
            domainName: String? = nil,
            domainPrefix: String? = nil,
            http: HTTP,
            requestId: String,
            routeKey: String? = nil,
            stage: String = "$default",
            time: String? = nil,
            timeEpoch: Int64? = nil,
            authorizer: Authorizer? = nil
        ) {
            self.accountId = accountId
            self.apiId = apiId
            self.domainName = domainName
            self.domainPrefix = domainPrefix
            self.http = http
            self.requestId = requestId
            self.routeKey = routeKey
            self.stage = stage
            self.time = time
            self.timeEpoch = timeEpoch
            self.authorizer = authorizer
        }
    }

    /// `requestContext.http`: the request line and the caller's address.
    public struct HTTP: Codable, Sendable {
        public let method: String
        public let path: String
        public let `protocol`: String
        public let sourceIp: String
        public let userAgent: String?

        public init(
            method: String,
            path: String,
            protocol: String = "HTTP/1.1",
            sourceIp: String,
            userAgent: String? = nil
        ) {
            self.method = method
            self.path = path
            self.protocol = `protocol`
            self.sourceIp = sourceIp
            self.userAgent = userAgent
        }
    }

    /// `requestContext.authorizer`: one member per authorizer type that ran.
    public struct Authorizer: Codable, Sendable {
        public let jwt: JWT?
        /// The context a Lambda authorizer returned, free-form.
        public let lambda: [String: JSONValue]?
        /// The IAM caller (access key, account, user ARN, Cognito identity), free-form.
        public let iam: [String: JSONValue]?

        public init(jwt: JWT? = nil, lambda: [String: JSONValue]? = nil, iam: [String: JSONValue]? = nil) {
            self.jwt = jwt
            self.lambda = lambda
            self.iam = iam
        }
    }

    /// What a JWT authorizer verified.
    public struct JWT: Codable, Sendable {
        /// The token's claims exactly as sent (strings, numbers, arrays).
        public let claimValues: [String: JSONValue]
        public let scopes: [String]

        public init(claimValues: [String: JSONValue], scopes: [String] = []) {
            self.claimValues = claimValues
            self.scopes = scopes
        }

        /// The claims as text: scalars as written, arrays as their JSON text.
        public var claims: [String: String] {
            claimValues.claimStrings
        }

        enum CodingKeys: String, CodingKey {
            case claimValues = "claims"
            case scopes
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            claimValues = try container.decodeOrEmpty(forKey: .claimValues)
            scopes = try container.decodeOrEmpty(forKey: .scopes)
        }
    }
}

/// The answer a Lambda function gives an HTTP API (payload version 2.0) proxy integration.
public struct APIGatewayV2Response: Codable, Sendable {
    public var statusCode: Int
    public var headers: [String: String]?
    public var cookies: [String]?
    public var body: String?
    public var isBase64Encoded: Bool?

    public init(
        statusCode: Int,
        headers: [String: String]? = nil,
        cookies: [String]? = nil,
        body: String? = nil,
        isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }
}
