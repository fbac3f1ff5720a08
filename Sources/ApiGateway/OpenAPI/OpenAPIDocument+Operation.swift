import Foundation
import Shared
import WireFormat

/// One route as an OpenAPI operation.
extension OpenAPIDocument {
    static func operation(_ route: Route, schemas: inout ModelSchemas) -> JSONValue {
        let declaration = route.declaration
        var operation: [String: JSONValue] = [
            "operationId": .string(declaration.operationID),
            "summary": .string(declaration.summary),
            "description": .string(access(declaration)),
            "tags": [.string(tag(declaration.pattern))],
            "responses": responses(route, schemas: &schemas),
        ]
        if case .anyone = declaration.access { operation["security"] = [] }
        if !declaration.parameters.isEmpty {
            operation["parameters"] = .array(declaration.parameters.map { parameter($0, example: declaration.example) })
        }
        if let body = declaration.body {
            operation["requestBody"] = requestBody(body, example: declaration.example.body)
        }
        return .object(operation)
    }

    static func access(_ declaration: RouteDeclaration) -> String {
        switch declaration.access {
        case .anyone:
            return "No token needed."
        case .roles(let roles, _):
            let names = Role.signedIn.filter(roles.contains).map(\.rawValue).joined(separator: ", ")
            let own =
                roles.contains(.client)
                ? " A client reaches only its own records; another client's answer 404 (lists show only its own)." : ""
            return "Roles: \(names).\(own)"
        }
    }

    static func tag(_ pattern: String) -> String {
        if pattern.contains("/files") { return "documents" }
        return pattern.split(separator: "/").first { $0 != "api" }.map(String.init) ?? "api"
    }

    static func parameter(_ parameter: Parameter, example: RouteExample) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
            "required": .bool(parameter.location == .path), "description": .string(parameter.summary),
            "schema": parameter.kind.schema,
        ]
        if let value = example.values[parameter.name] {
            if case .integer = parameter.kind, let number = Decimal(string: value) {
                object["example"] = .number(number)
            } else {
                object["example"] = .string(value)
            }
        }
        return .object(object)
    }

    static func requestBody(_ body: RouteBody, example: JSONValue?) -> JSONValue {
        var json: [String: JSONValue] = ["schema": FieldRule.objectSchema(body.rules)]
        if let example { json["example"] = example }
        var content: [String: JSONValue] = ["application/json": .object(json)]
        if body.acceptsRawDocument {
            for type in DocumentLimits.contentTypes where type != "application/json" {
                content[type] = [
                    "schema": [
                        "type": "string", "format": "binary",
                        "maxLength": .number(Decimal(DocumentLimits.maximumBytes)),
                    ]
                ]
            }
        }
        return ["required": .bool(body.rules.contains(where: \.isRequired)), "content": .object(content)]
    }

    /// The route's answer, and the errors it can give: every route 400, 413, 500 and 503; one that
    /// needs a token 401 and 403; one with a path id 404; one with a body or query 422; one
    /// that changes state 409; sign-in 404 (not on AWS) and 429.
    static func responses(_ route: Route, schemas: inout ModelSchemas) -> JSONValue {
        let declaration = route.declaration
        var statuses: Set<Int> = [400, 413, 500, 503]
        if case .anyone = declaration.access {
            statuses.formUnion([401, 404, 429])
        } else {
            statuses.formUnion([401, 403])
        }
        if declaration.pattern.contains("{") { statuses.insert(404) }
        if declaration.body != nil || declaration.parameters.contains(where: { $0.location != .path }) {
            statuses.insert(422)
        }
        if declaration.conflicts { statuses.insert(409) }
        var responses: [String: JSONValue] = [
            String(route.status): [
                "description": .string(route.status == 201 ? "Created" : "OK"),
                "content": ["application/json": ["schema": route.model.reference(&schemas)]],
            ]
        ]
        for (status, name, _) in errorResponses where statuses.contains(status) {
            responses[String(status)] = ["$ref": .string("#/components/responses/\(name)")]
        }
        return .object(responses)
    }
}
