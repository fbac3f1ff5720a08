import Foundation
import Shared
import WireFormat

/// A route of the API, declared once: its method and path, who may call it, what it takes, what
/// it answers, and an example request. ApiGatewayHandler routes by these declarations and
/// `OpenAPIDocument` generates the API's document from them, so the two cannot disagree.
/// A declaration ends with `answers(...)`, which gives the handler and the type it answers with.
struct RouteDeclaration: Sendable {
    let method: String
    let pattern: String
    let operationID: String
    let summary: String
    var access: Access = .roles(Set(Role.signedIn), action: "")
    var parameters: [Parameter] = []
    var body: RouteBody?
    /// Whether the state can refuse the request (409): a lost race, a transition not allowed,
    /// a closed contract.
    var conflicts = false
    var example = RouteExample()

    /// Who may call a route.
    enum Access: Sendable {
        /// No token: the authorizer in front lets it through (`POST /auth`).
        case anyone
        /// A verified caller of one of these roles; others get 403 naming `action`.
        case roles(Set<Role>, action: String)
    }

    init(_ method: String, _ pattern: String, _ operationID: String, _ summary: String) {
        self.method = method
        self.pattern = pattern
        self.operationID = operationID
        self.summary = summary
    }

    func roles(_ roles: Set<Role>, to action: String) -> RouteDeclaration {
        changed { $0.access = .roles(roles, action: action) }
    }

    func anyone() -> RouteDeclaration { changed { $0.access = .anyone } }

    func parameters(_ parameters: Parameter...) -> RouteDeclaration { changed { $0.parameters += parameters } }

    func body(_ rules: [FieldRule], raw: Bool = false) -> RouteDeclaration {
        changed { $0.body = RouteBody(rules: rules, acceptsRawDocument: raw) }
    }

    func conflicting() -> RouteDeclaration { changed { $0.conflicts = true } }

    func example(_ values: [String: String] = [:], body: JSONValue? = nil) -> RouteDeclaration {
        changed { $0.example = RouteExample(values: values, body: body) }
    }

    /// The route: `respond` answers `status` with a `T` as JSON (its schema is read from `T`).
    func answers<T: Codable & Sendable>(
        _ type: T.Type,
        _ respond: @escaping @Sendable (RouteCall) async throws -> T
    ) -> Route {
        answers(200, type, respond)
    }

    func answers<T: Codable & Sendable>(
        _ status: Int,
        _ type: T.Type,
        _ respond: @escaping @Sendable (RouteCall) async throws -> T
    ) -> Route {
        Route(
            declaration: self,
            status: status,
            model: ResponseModel(type),
            responder: .caller { call in try .json(try await respond(call), status: status) }
        )
    }

    /// A route of `.anyone`: `respond` gets the request without a caller.
    func answersAnyone<T: Codable & Sendable>(
        _ type: T.Type,
        _ respond: @escaping @Sendable (PublicCall) async throws -> T
    ) -> Route {
        Route(
            declaration: anyone(),
            status: 200,
            model: ResponseModel(type),
            responder: .anyone { call in try .json(try await respond(call)) }
        )
    }

    private func changed(_ change: (inout RouteDeclaration) -> Void) -> RouteDeclaration {
        var copy = self
        change(&copy)
        return copy
    }
}

/// What a route takes as its body: a JSON object of these fields, or also the raw document.
struct RouteBody: Sendable {
    let rules: [FieldRule]
    /// An upload also takes the document itself as the body, with its media type as Content-Type.
    let acceptsRawDocument: Bool
}

/// A request the document gives as the route's example, answered with the route's status on a
/// fresh `init --sample-data` state by an admin: parameter values by name, and the body.
struct RouteExample: Sendable {
    var values: [String: String] = [:]
    var body: JSONValue?
}

/// A declared route with its handler.
struct Route: Sendable {
    let declaration: RouteDeclaration
    let segments: [String]
    let status: Int
    let model: ResponseModel
    let responder: Responder

    enum Responder: Sendable {
        case caller(@Sendable (RouteCall) async throws -> HTTPResponse)
        case anyone(@Sendable (PublicCall) async throws -> HTTPResponse)
    }

    init(declaration: RouteDeclaration, status: Int, model: ResponseModel, responder: Responder) {
        self.declaration = declaration
        self.segments = declaration.pattern.split(separator: "/").map(String.init)
        self.status = status
        self.model = model
        self.responder = responder
    }

    var method: String { declaration.method }

    /// The path parameters when `path` matches the pattern.
    func match(_ path: [String]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (pattern, value) in zip(segments, path) {
            if pattern.hasPrefix("{") {
                parameters[String(pattern.dropFirst().dropLast())] = value
            } else if pattern != value {
                return nil
            }
        }
        return parameters
    }
}
