import Foundation
import Shared

/// The REST front door: accepts API Gateway v1 and v2 proxy events, authorizes, routes to the
/// other functions, and turns every error into a JSON error answer with CORS headers.
public struct ApiGatewayHandler: LambdaHandler {
    let services: Services
    let routes: [Route]

    public init(services: Services) {
        self.services = services
        self.routes = ContractRoutes.all + FileRoutes.all + ClientRoutes.all + NotificationRoutes.all
    }

    public func handle(_ event: APIGatewayEvent, context: LambdaContext) async throws -> AnyEncodable {
        var response = await respond(to: event, context: context)
        response.headers.merge(HTTPResponse.corsHeaders) { current, _ in current }
        context.logger.info("request", ["method": event.method, "path": event.path, "status": String(response.status)])
        switch event {
        case .v1:
            return AnyEncodable(APIGatewayResponse(statusCode: response.status, headers: response.headers, body: response.body, isBase64Encoded: false))
        case .v2:
            return AnyEncodable(APIGatewayV2Response(statusCode: response.status, headers: response.headers, body: response.body, isBase64Encoded: false))
        }
    }

    private func respond(to event: APIGatewayEvent, context: LambdaContext) async -> HTTPResponse {
        do {
            let request = try Request(event: event, fallbackRequestID: context.requestID)
            if request.method == "OPTIONS" { return .noContent() }
            let path = request.path.split(separator: "/").map(String.init)
            guard let (route, parameters) = routes.lazy.compactMap({ route in route.method == request.method ? route.match(path).map { (route, $0) } : nil }).first else {
                throw DomainError.notFound("no route for \(request.method) \(request.path.prefix(200))")
            }
            let caller = try Authorization.caller(from: request.claims)
            return try await route.respond(RouteCall(request: request, parameters: parameters, caller: caller,
                                                     functions: services.functions, context: context))
        } catch let error as DomainError {
            if error.status >= 500 { context.logger.error("internal error", ["error": error.message]) }
            return .error(error, requestID: context.requestID)
        } catch {
            context.logger.error("unexpected error", ["error": String(describing: error)])
            return .error(.internal(String(describing: error)), requestID: context.requestID)
        }
    }
}
