import Foundation
import Shared

/// `/api/clients...`.
enum ClientRoutes {
    static let all: [Route] = [
        RouteDeclaration("GET", "/api/clients", "listClients", "List clients, or find one by email")
            .roles([.admin, .system], to: "list clients")
            .parameters(.email, .limit, .nextToken)
            .example(["limit": "10"])
            .answers(Page<Client>.self) { call in
                if let email = call.request.query["email"] { try Validate.email(email) }
                return try await call.database.clients(
                    email: call.request.query["email"]?.lowercased(),
                    page: try call.request.pageRequest()
                )
            },
        RouteDeclaration("POST", "/api/clients", "createClient", "Create a client")
            .roles([.admin, .system], to: "create clients")
            .body(RequestBodies.createClient).conflicting()
            .example(body: ["name": "Initech", "email": "legal@initech.example", "phone": "+1 555 0100"])
            .answers(201, Client.self) { call in
                try await call.process(.createClient, fields: try call.fields().values, as: Client.self)
            },
        RouteDeclaration("GET", "/api/clients/{id}", "getClient", "Read a client")
            .parameters(.clientId)
            .example(["id": "CL001XYZ"])
            .answers(Client.self) { call in
                let id = try call.clientId()
                try call.caller.requireOwner(of: id, record: "client \(id)")
                guard let client = try await call.database.client(id) else {
                    throw DomainError.notFound("client \(id) does not exist")
                }
                return client
            },
        RouteDeclaration("PUT", "/api/clients/{id}", "updateClient", "Change a client")
            .roles([.admin, .system], to: "update clients")
            .parameters(.clientId).body(RequestBodies.updateClient).conflicting()
            .example(["id": "CL002ABC"], body: ["phone": "+1 555 0199", "expected_version": 1])
            .answers(Client.self) { call in
                let id = try call.clientId()
                return try await call.process(
                    .updateClient,
                    clientId: id,
                    fields: try call.fields().values,
                    as: Client.self
                )
            },
    ]
}
