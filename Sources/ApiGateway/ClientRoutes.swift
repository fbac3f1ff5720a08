import Foundation
import Shared

/// `/api/clients...`.
enum ClientRoutes {
    static let all: [Route] = [
        Route("GET", "/api/clients") { call in
            try Authorization.require(call.caller, [.admin, .system], to: "list clients")
            if let email = call.request.query["email"] { try Validate.email(email) }
            return try .json(try await call.database.clients(email: call.request.query["email"]?.lowercased(), page: try call.request.pageRequest()))
        },
        Route("POST", "/api/clients") { call in
            try Authorization.require(call.caller, [.admin, .system], to: "create clients")
            return try .json(try await call.process(.createClient, fields: try call.request.jsonObject()), status: 201)
        },
        Route("GET", "/api/clients/{id}") { call in
            let id = try call.clientId()
            try Authorization.requireOwner(call.caller, clientId: id, record: "client \(id)")
            guard let client = try await call.database.client(id) else { throw DomainError.notFound("client \(id) does not exist") }
            return try .json(client)
        },
        Route("PUT", "/api/clients/{id}") { call in
            try Authorization.require(call.caller, [.admin, .system], to: "update clients")
            return try .json(try await call.process(.updateClient, clientId: try call.clientId(), fields: try call.request.jsonObject()))
        },
    ]
}
