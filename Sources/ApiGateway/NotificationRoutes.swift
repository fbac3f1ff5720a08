import Shared

/// `POST /api/notifications`: an ad-hoc notification from a template.
enum NotificationRoutes {
    static let all: [Route] = [
        Route("POST", "/api/notifications") { call in
            try Authorization.require(call.caller, [.admin, .system], to: "send notifications")
            let fields = try Fields(try call.request.jsonObject(), allowed: ["template", "to", "values", "contract_id"])
            let template = try fields.requiredString("template")
            let to: [String]
            switch fields.values["to"] {
            case .string(let address)?: to = [address]
            case .array(let list)?:
                to = try list.map { guard case .string(let address) = $0 else { throw DomainError.malformed("to must list email addresses") }; return address }
            default: throw DomainError.invalid("to is required: an email address or a list of them")
            }
            var values: [String: String] = [:]
            if case .object(let object)? = fields.values["values"] {
                for (name, value) in object {
                    switch value {
                    case .string(let text): values[name] = text
                    case .number(let number): values[name] = "\(number)"
                    case .bool(let flag): values[name] = flag ? "true" : "false"
                    default: throw DomainError.malformed("values.\(name.prefix(40)) must be a string, number or boolean")
                    }
                }
            } else if fields.has("values") {
                throw DomainError.malformed("values must be an object of named values")
            }
            let request = NotificationRequest(template: template, to: to, values: values, contractId: try fields.string("contract_id"), caller: call.caller)
            return try .json(try await call.functions.invoke(.notificationService, request, as: NotificationLog.self, parent: call.context), status: 201)
        },
    ]
}
