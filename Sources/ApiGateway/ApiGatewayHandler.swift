import AWSEvents
import Foundation
import HandlerRuntime
import Shared

/// The REST front door: accepts API Gateway v1 and v2 proxy events, authorizes, routes to the
/// other functions, and turns every error into a JSON error answer with CORS headers.
public struct ApiGatewayHandler: LambdaHandler {
    let services: Services
    let routes: [Route]

    public init(services: Services) {
        self.services = services
        self.routes = Self.routes
    }

    /// Every route of the API, in the order of the document.
    static let routes =
        SignInRoute.all + ContractRoutes.all + FileRoutes.all + ClientRoutes.all
        + NotificationRoutes.all + SubscriptionRoutes.all + TemplateRoutes.all + CampaignRoutes.all

    public func handle(_ event: APIGatewayEvent, context: LambdaContext) async throws -> AnyEncodable {
        let response = await respond(to: event, context: context)
        context.logger.info(
            "request",
            ["method": event.method, "path": String(event.path.prefix(200)), "status": String(response.status)]
        )
        if response.status >= 500 { context.logger.metric(.errors) }
        return Self.shaped(response, for: event, origin: services.configuration.allowedOrigin)
    }

    /// Whether a request may come without a token: the preflight and `POST /auth`, which an
    /// authorizer in front of this function must let through.
    public static func isPublic(_ event: APIGatewayEvent) -> Bool {
        let path = Request.stripStage(event.path, stage: event.stage)
        return event.method == "OPTIONS" || publicPaths.contains(path)
    }

    /// The paths of the routes anyone may call.
    static let publicPaths = Set(
        routes.compactMap { route -> String? in
            if case .anyone = route.declaration.access { return route.declaration.pattern }
            return nil
        }
    )

    /// The answer an authorizer in front of this function gives a request it refuses (401), in
    /// the same error format and with the same CORS headers as every other answer.
    public static func unauthorized(
        _ message: String,
        for event: APIGatewayEvent,
        requestID: String,
        origin: String
    ) -> AnyEncodable {
        var response = HTTPResponse.error(.unauthorized(message), requestID: requestID)
        response.headers["WWW-Authenticate"] = #"Bearer error="invalid_token""#
        return shaped(response, for: event, origin: origin)
    }

    static func shaped(_ response: HTTPResponse, for event: APIGatewayEvent, origin: String) -> AnyEncodable {
        var response = response
        response.headers.merge(CORSPolicy.headers(origin: origin)) { current, _ in current }
        switch event {
        case .v1:
            return AnyEncodable(
                APIGatewayResponse(
                    statusCode: response.status,
                    headers: response.headers,
                    body: response.body,
                    isBase64Encoded: false
                )
            )
        case .v2:
            return AnyEncodable(
                APIGatewayV2Response(
                    statusCode: response.status,
                    headers: response.headers,
                    body: response.body,
                    isBase64Encoded: false
                )
            )
        }
    }

    private func respond(to event: APIGatewayEvent, context: LambdaContext) async -> HTTPResponse {
        do {
            let request = try Request(event: event, fallbackRequestID: context.requestID)
            if request.method == "OPTIONS" { return .noContent() }
            let path = request.path.split(separator: "/").map(String.init)
            guard
                let (route, parameters) = routes.lazy.compactMap({ route in
                    route.method == request.method ? route.match(path).map { (route, $0) } : nil
                }).first
            else {
                throw DomainError.notFound("no route for \(request.method) \(request.path.prefix(200))")
            }
            switch route.responder {
            case .anyone(let respond):
                return try await respond(
                    PublicCall(
                        request: request,
                        services: services,
                        context: context,
                        body: route.declaration.body
                    )
                )
            case .caller(let respond):
                let caller = try Authorization.caller(from: request.claims)
                let database = DatabaseClient(functions: services.functions, context: context, caller: caller)
                try await Authorization.requireActiveClient(caller, database)
                if case .roles(let roles, let action) = route.declaration.access, roles != Set(Role.signedIn) {
                    try caller.require(roles, to: action)
                }
                return try await respond(
                    RouteCall(
                        request: request,
                        parameters: parameters,
                        caller: caller,
                        services: services,
                        context: context,
                        body: route.declaration.body
                    )
                )
            }
        } catch let error as DomainError {
            if error.status >= 500 { context.logger.error("internal error", ["error": error.message]) }
            return .error(error, requestID: context.requestID)
        } catch {
            context.logger.error("unexpected error", ["error": String(describing: error)])
            return .error(.internal(String(describing: error)), requestID: context.requestID)
        }
    }
}
